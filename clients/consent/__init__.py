"""Versioned consent: the owner's text, the clients' signatures, and the gates.

Reuse from another door (the intake link, for one):

* ``services.sign_consent(client=…, version=…, full_name=…, how="remote link")``
  records a signature; ``services.current_version()`` is what to show and sign.
* ``forms.SignConsentForm(version=…, client=…)`` validates the typed name and the
  "I agree" box; its ``version`` field posts the number the client read, so a text
  changed in between is refused rather than signed unread.
* ``{% include "clients/consent/includes/sign_form.html" with form=… action=… %}``
  draws the text and the form (the caller's page supplies the heading and the
  ``{% once_key %}`` if it wants one).
"""
