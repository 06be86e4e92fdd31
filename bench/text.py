"""Plausible text for generated entries: titles, summaries and bodies in the field's words.

Sentences are composed from pools of actors, actions, subjects and settings, so that a given word
appears in a minority of entries, as in a real catalog, rather than in most of them.
"""

import random

from django.utils.text import slugify

OPENINGS = [
    "A practical guide to", "Responding to", "Understanding", "Screening for", "Talking about",
    "Building a protocol for", "Questions and answers on", "Case review:", "What teams need on",
    "Serving youth affected by", "Trauma-informed practice for", "Working with partners on",
    "Lessons from the field:", "An introduction to", "Improving outcomes in", "Notes on",
]  # fmt: skip
SUBJECTS = [
    "commercial sexual exploitation", "child sex trafficking", "exploited youth",
    "runaway and missing youth", "online exploitation", "child sexual abuse material",
    "polyvictimization", "forensic interviews", "multidisciplinary team response",
    "case acceptance criteria", "safe housing", "substance use treatment", "male victims",
    "LGBTQ+ youth", "revictimization", "caregiver support", "survivor-led training",
    "grooming tactics", "sextortion", "labor trafficking overlap", "gang involvement",
    "foster care placement", "school-based prevention", "medical evaluations",
    "victim compensation", "trauma-focused therapy", "data collection", "court testimony",
]  # fmt: skip
ACTORS = [
    "Forensic interviewers", "Victim advocates", "Therapists", "Detectives", "Prosecutors",
    "Child welfare caseworkers", "Pediatricians", "Nurses", "School counselors",
    "Shelter staff", "Probation officers", "Judges", "Guardians ad litem", "CAC directors",
    "MDT coordinators", "Chapter trainers", "Caregivers", "Foster parents", "Youth workers",
    "Outreach workers", "Hotline staff", "Tribal partners", "Defense attorneys",
    "Intake staff", "Data managers", "Interpreters", "Emergency physicians", "Volunteers",
]  # fmt: skip
ACTIONS = [
    "recognize warning signs of", "document", "respond to", "refer youth affected by",
    "screen for", "ask about", "plan safety around", "coordinate services for", "track",
    "investigate", "build cases involving", "prevent", "talk with families about",
    "build trust with youth affected by", "reduce stigma around", "train partners on",
    "budget for", "write policies on", "measure outcomes of", "share records about",
]  # fmt: skip
SETTINGS = [
    "in rural counties", "in emergency departments", "at intake", "during the interview",
    "in schools", "in juvenile detention", "in runaway shelters", "online", "on tribal lands",
    "across state lines", "in foster homes", "after disclosure", "before court",
    "during follow-up visits", "in group homes", "over the phone", "in small centers",
    "with limited funding", "during the pandemic", "with partner agencies",
]  # fmt: skip
KINDS = {
    "ResourcePage": ["a fact sheet", "a guide", "a screening tool", "a protocol", "a report"],
    "CurriculumPage": ["a one-day training", "a two-day curriculum", "a webinar series"],
    "PodcastEpisodePage": ["a conversation", "an interview", "a panel discussion"],
}


def sentence(rng: random.Random) -> str:
    subject = rng.choice(SUBJECTS)
    return f"{rng.choice(ACTORS)} {rng.choice(ACTIONS)} {subject} {rng.choice(SETTINGS)}."


def entry_text(rng: random.Random, topics: list[str], model) -> dict:
    """Title, slug, summary and body for one entry about `topics`."""
    subject = rng.choice(SUBJECTS)
    focus = topics[0].lower() if topics else subject
    title = f"{rng.choice(OPENINGS)} {subject}"
    kind = rng.choice(KINDS[model.__name__])
    summary = f"{kind.capitalize()} on {subject}. {sentence(rng)}"
    body = " ".join(sentence(rng) for _ in range(4)) + f" See also: {focus}."
    return {"title": title[:255], "slug": slugify(subject)[:40], "summary": summary, "body": body}
