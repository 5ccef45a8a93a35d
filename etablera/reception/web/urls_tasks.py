"""The addresses of the task pages: one's own, the unit's (and several of them at once), the caseload per
caseworker, one task and what is done to it."""

from django.urls import path

from etablera.reception.web.views import tasks

urlpatterns = [
    path("uppgifter/", tasks.my_tasks, name="my_tasks"),
    path("uppgifter/enhet/", tasks.unit_tasks, name="unit_tasks"),
    path("uppgifter/enhet/flera/", tasks.unit_tasks_bulk, name="unit_tasks_bulk"),
    path("uppgifter/arbetsbelastning/", tasks.caseload, name="task_caseload"),
    path("uppgifter/<int:task_id>/", tasks.task_detail, name="task_detail"),
    path("uppgifter/<int:task_id>/klar/", tasks.task_complete, name="task_complete"),
    path("uppgifter/<int:task_id>/ej-aktuell/", tasks.task_not_applicable, name="task_not_applicable"),
    path("uppgifter/<int:task_id>/oppna-igen/", tasks.task_reopen, name="task_reopen"),
    path("uppgifter/<int:task_id>/ta/", tasks.task_take, name="task_take"),
    path("uppgifter/<int:task_id>/tilldela/", tasks.task_assign, name="task_assign"),
    path("uppgifter/<int:task_id>/lamna-over/", tasks.task_reassign, name="task_reassign"),
    path("uppgifter/<int:task_id>/anteckning/", tasks.task_note, name="task_note"),
]
