from ninja import Router

router = Router(tags=["Aktivitetskrav och arbete"])
