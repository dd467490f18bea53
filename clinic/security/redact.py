"""Keep email addresses out of the application log.

Login attempts and lock-outs are logged with the username, which is an email
address; a log kept for weeks would then remember a client the clinic has
erased. ``RedactEmails`` sits on every handler and replaces any address in the
rendered message (and in the exception text) before it is written.
"""

from __future__ import annotations

import logging
import re

EMAIL = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
REPLACEMENT = "[email removed]"


def redact(text: str) -> str:
    return EMAIL.sub(REPLACEMENT, text)


class RedactEmails(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True


def client_description(username, ip_address, user_agent, path_info, request) -> str:
    """How axes names an attempt in its log lines (``AXES_CLIENT_STR_CALLABLE``): no email."""
    return (
        f"{{username: {redact(str(username))!r}, ip_address: {ip_address!r}, path: {path_info!r}}}"
    )
