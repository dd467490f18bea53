"""The finding codes of a client's latest assessment, for program suggestions.

PLACEHOLDER from the programs branch (issue 4): assessments arrive with issue 3,
whose ``clients/findings.py`` replaces this file. The contract stays:
``latest_finding_codes(client) -> set[str]`` returns codes from
``clients.vocab.FINDING_CODES`` found in the client's most recent completed
assessment, and an empty set when there is none.
"""

from __future__ import annotations


def latest_finding_codes(client) -> set[str]:
    return set()
