"""The method notes printed at the end of every report: how to read its numbers."""

from __future__ import annotations

from casegraph.services.reports.citations import LOW_CREDIBILITY, LOW_RELIABILITY


def method_notes(reveal: bool) -> list[str]:
    """How corroboration, grading, citations and pseudonyms work in this report."""
    low_rel = "-".join([min(LOW_RELIABILITY), max(LOW_RELIABILITY)])
    low_cred = "-".join([str(min(LOW_CREDIBILITY)), str(max(LOW_CREDIBILITY))])
    return [
        "Citations [S n] point to the numbered source list; each source is one loaded "
        "document (a debrief note or a spreadsheet row source) with its Admiralty grading: "
        "reliability A-F and credibility 1-6.",
        "Corroboration counts independent sources: distinct source documents (separate "
        "debriefs or documents) asserting the same link, and separately the distinct "
        "organisations that took them. Two debriefs taken by the same organisation are "
        "counted as two sources from one organisation; a source with no recorded "
        "organisation counts as an organisation of its own.",
        f"A link resting on one source only is marked 'single source'; when that source is "
        f"low-graded (reliability {low_rel} or credibility {low_cred}) it is marked "
        "'single low-graded source' and should not be relied on without corroboration.",
        "Links marked 'mined from narrative text' were extracted automatically from the "
        "debrief narrative; the excerpt shows the words they rest on. Other links were "
        "recorded by the interviewing officer.",
        "Aliases and records are merged into one person by casegraph's entity resolution; "
        "the identity section gives the score, shared identifiers and reviewer decisions.",
        "Victim identities are REVEALED in this report: handle accordingly."
        if reveal
        else "Victims are shown by pseudonym; their names are withheld, also from excerpts.",
        "The data snapshot is a sha256 over the sorted content hashes of every loaded source: "
        "the same snapshot means the same documents.",
    ]
