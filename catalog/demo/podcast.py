"""NCA's podcast One in Ten and its episodes.

The brief names the show and the episode "The Child-Trafficking-to-Adult-Prostitution
Pipeline"; episode details, guests and the other episodes are sample content. Demo audio is
generated silence, labelled as such.
"""

import datetime

SHOW = {
    "slug": "one-in-ten",
    "title": "One in Ten",
    "description": (
        "National Children's Alliance's podcast: conversations about child abuse, the commercial "
        "sexual exploitation of children and the work of Children's Advocacy Centers."
    ),
}


def episode(slug, title, summary, number, aired, tags, notes, guests, **extra) -> dict:
    disciplines, audiences, topics = tags
    return {
        "slug": slug,
        "title": title,
        "summary": summary,
        "season": extra.pop("season", 1),
        "episode_number": number,
        "publication_date": aired,
        "last_reviewed": extra.pop("last_reviewed", aired),
        "disciplines": disciplines,
        "audiences": audiences,
        "topics": topics,
        "show_notes": notes,
        "guests": guests,
        "sample": True,
        **extra,
    }


EPISODES = [
    episode(
        "child-trafficking-to-adult-prostitution-pipeline",
        "The Child-Trafficking-to-Adult-Prostitution Pipeline",
        "How the commercial sexual exploitation of children feeds adult prostitution, and why "
        "identifying exploited kids early matters.",
        4,
        datetime.date(2020, 11, 10),
        (
            ["law-enforcement", "victim-advocacy", "prosecution"],
            ["cac-staff", "multidisciplinary-team", "partner-agencies"],
            ["identification-and-screening", "revictimization", "survivor-led-practice"],
        ),
        "<p>Recommended in NCA's 2021 brief for anyone who wants to learn more about the "
        "commercial sexual exploitation of children.</p>",
        [
            ("Alex Morgan (sample guest)", "Survivor leader and advocate"),
            ("Sam Patel (sample guest)", "Former vice detective"),
        ],
    ),
    episode(
        "screening-every-case",
        "Screening every case: finding exploited kids in plain sight",
        "Why 54% of CACs still name identification and screening as their biggest barrier, and "
        "what centers that screen every referral have learned.",
        5,
        datetime.date(2021, 2, 9),
        (
            ["forensic-interviewing", "victim-advocacy", "cac-leadership"],
            ["cac-staff", "trainers"],
            ["identification-and-screening", "tracking-cases"],
        ),
        "<p>A conversation about intake screening and tracking cases.</p>",
        [("Riley Chen (sample guest)", "CAC intake coordinator")],
    ),
    episode(
        "boys-dont-tell",
        "Boys don't tell: male victims of exploitation",
        "Boys and young men are exploited too, and are less often identified. What changes when "
        "teams look for them.",
        6,
        datetime.date(2021, 5, 18),
        (
            ["forensic-interviewing", "mental-health"],
            ["cac-staff", "partner-agencies"],
            ["male-victims", "lgbtq-youth"],
        ),
        "<p>On under-identified male victims and LGBTQ+ youth.</p>",
        [("Jordan Rivera (sample guest)", "Therapist")],
    ),
    episode(
        "a-safe-place-to-stay",
        "A safe place to stay: housing for exploited youth",
        "One shelter for a whole state: advocates and chapter leaders on the housing gap and "
        "how to close it.",
        1,
        datetime.date(2022, 3, 8),
        (
            ["victim-advocacy", "child-protective-services-child-welfare"],
            ["state-chapters", "partner-agencies"],
            ["housing-and-shelter", "substance-use"],
        ),
        "<p>On the lack of local resources named in the 2020 CAC Census.</p>",
        [
            ("Casey Brooks (sample guest)", "Victim advocate"),
            ("Taylor Kim (sample guest)", "State chapter director"),
        ],
        season=2,
    ),
    episode(
        "chapters-leading-the-way",
        "Chapters leading the way: building a statewide response",
        "How a state chapter trains its CACs, wins grants and turns a few experienced centers "
        "into resources for the rest.",
        2,
        datetime.date(2022, 6, 14),
        (
            ["cac-leadership"],
            ["state-chapters", "trainers"],
            ["multidisciplinary-collaboration", "survivor-led-practice"],
        ),
        "<p>On chapter-led training like Pennsylvania's survivor-led curriculum.</p>",
        [("Morgan Lee (sample guest)", "Chapter training director")],
        season=2,
    ),
]
