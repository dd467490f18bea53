from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from clients.erasure.services import ErasureError, anonymise_client
from clients.models import Client
from clinic.access import owner_required


class ConfirmErasureForm(forms.Form):
    confirm = forms.BooleanField(
        label="I understand this removes the client's identity for good and cannot be undone.",
    )


@require_http_methods(["GET", "POST"])
@owner_required
def client_anonymise(request, pk: int):
    client = get_object_or_404(Client.objects.visible_to(request.user), pk=pk)
    form = ConfirmErasureForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            anonymise_client(client=client, by=request.user)
        except ErasureError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "The client's identity is erased; the clinical record stays.")
            return redirect("dashboard")
    return render(request, "clients/client_anonymise.html", {"client": client, "form": form})
