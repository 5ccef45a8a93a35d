from etablera.access.policy import capabilities


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"caps": capabilities(user)}
