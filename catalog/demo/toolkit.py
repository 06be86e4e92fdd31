"""The Child Sexual Exploitation Resource Toolkit and its sample resources.

The brief names the toolkit and says what its resources help with (identifying, screening and
investigating cases; material for partner agencies and caregivers). The individual resources
below are sample entries written for the demo from the brief's findings.
"""

import datetime

TOOLKIT = {
    "slug": "toolkit",
    "title": "Child Sexual Exploitation Resource Toolkit",
    "intro": (
        "<p>Resources for responding to the commercial sexual exploitation of children: to help "
        "identify, screen and investigate cases, and to share with partner agencies and "
        "caregivers. Many were created through NCA's Commercially Sexually Exploited Children "
        "Collaborative Work Group, which brings together CACs, State Chapters, Regional CACs and "
        "subject matter experts.</p>"
    ),
}

D = datetime.date


def resource(slug, title, summary, kind, published, reviewed, tags, body, **extra) -> dict:
    disciplines, audiences, topics = tags
    return {
        "slug": slug,
        "title": title,
        "summary": summary,
        "resource_type": kind,
        "publisher": extra.pop("publisher", "National Children's Alliance"),
        "publication_date": published,
        "last_reviewed": reviewed,
        "disciplines": disciplines,
        "audiences": audiences,
        "topics": topics,
        "paragraphs": body,
        "sample": True,
        **extra,
    }


RESOURCES = [
    resource(
        "what-is-csec-fact-sheet",
        "What is commercial sexual exploitation? A fact sheet for partner agencies",
        "A one-page definition of CSEC and the crimes it covers, for agencies that meet "
        "exploited youth but may see them as runaways or delinquents.",
        "fact-sheet",
        D(2022, 3, 14),
        D(2026, 2, 10),
        (
            ["law-enforcement", "child-protective-services-child-welfare"],
            ["partner-agencies", "multidisciplinary-team"],
            ["identification-and-screening", "online-exploitation"],
        ),
        [
            "CSEC includes situations where a child engages in sexual activity in exchange for "
            "anything of value, including food, shelter, drugs or protection.",
            "Share it with juvenile justice, schools and shelters so that youth labelled as "
            "delinquents, runaways or troubled youth are referred to the CAC.",
        ],
        pdf=[
            "CSEC covers sexual abuse or exploitation of a child for anything of value.",
            "Examples: child sex trafficking, child sexual abuse material, live-streamed abuse.",
            "Refer youth to your local Children's Advocacy Center.",
        ],
        length="1 page",
    ),
    resource(
        "csec-screening-tool-for-cac-intake",
        "CSEC screening tool for CAC intake",
        "Ten questions for intake staff that flag possible exploitation in every case referred "
        "to the center, with guidance on what to do when a screen is positive.",
        "screening-tool",
        D(2023, 5, 2),
        D(2026, 5, 20),
        (
            ["victim-advocacy", "forensic-interviewing", "cac-leadership"],
            ["cac-staff", "multidisciplinary-team"],
            ["identification-and-screening", "tracking-cases"],
        ),
        [
            "Identification and screening was the barrier most often named by CACs in both the "
            "2016 and 2020 Census. Screening every referral is the first step."
        ],
        pdf=[
            "1. Has the child run away or been reported missing in the past year?",
            "2. Does the child have money, phones or gifts without explanation?",
            "3. Is the child's online activity controlled by someone else?",
            "A positive screen: notify the MDT coordinator the same day.",
        ],
        length="4 pages",
    ),
    resource(
        "tracking-csec-cases",
        "Tracking CSEC cases in your CAC's case management system",
        "How to record whether a case involves exploitation so the center can show partners and "
        "funders what it sees.",
        "guide",
        D(2022, 9, 8),
        D(2024, 4, 1),
        (["cac-leadership"], ["cac-staff", "state-chapters"], ["tracking-cases"]),
        [
            "By tracking CSEC victims served, CACs can demonstrate to partners and funders that "
            "CSEC is a real issue in their communities and that resources are needed."
        ],
        length="12 pages",
    ),
    resource(
        "forensic-interviews-with-exploited-youth",
        "Forensic interviews with exploited youth: special considerations",
        "Why exploited youth may not disclose, may not see themselves as victims, or may fear "
        "the person exploiting them, and how interviewers can adapt.",
        "guide",
        D(2024, 1, 22),
        D(2026, 1, 30),
        (
            ["forensic-interviewing", "law-enforcement", "prosecution"],
            ["cac-staff", "multidisciplinary-team", "trainers"],
            ["forensic-interviews-with-exploited-youth", "trauma-and-polyvictimization"],
        ),
        [
            "Youth may be afraid of identifying the perpetrator, or may see the person who "
            "provided food, shelter or protection as a partner rather than an exploiter."
        ],
        length="18 pages",
    ),
    resource(
        "complex-trauma-and-polyvictimization-webinar",
        "Complex trauma and polyvictimization in exploited youth (webinar recording)",
        "A recorded webinar for therapists and advocates on the layered trauma exploited youth "
        "carry and on trauma-focused treatment.",
        "webinar-recording",
        D(2023, 10, 12),
        D(2025, 3, 3),
        (
            ["mental-health", "victim-advocacy"],
            ["cac-staff", "trainers"],
            ["trauma-and-polyvictimization"],
        ),
        [
            "CACs told NCA their staff could use more information about complex trauma and "
            "polyvictimization; this recording is a refresher for teams that rarely see these "
            "cases."
        ],
        length="75 minutes",
    ),
    resource(
        "supporting-caregivers",
        "When your child has been exploited: a guide for caregivers",
        "Plain-language answers for parents and caregivers: what exploitation is, what happens "
        "at the CAC, and how to keep your child safe and connected.",
        "guide",
        D(2024, 6, 17),
        D(2026, 6, 17),
        ([], ["caregivers"], ["revictimization", "housing-and-shelter"]),
        ["Written for caregivers, without jargon. Available in English and Spanish."],
        pdf=[
            "Your child is not in trouble. What happened is not their fault.",
            "The CAC team will explain each step before it happens.",
            "Call your advocate any time you have a question.",
        ],
        length="8 pages",
    ),
    resource(
        "supporting-caregivers-es",
        "Cuando su hijo ha sido explotado: guía para cuidadores",
        "Respuestas sencillas para padres y cuidadores: qué es la explotación, qué pasa en el CAC "
        "y cómo mantener a su hijo seguro y acompañado.",
        "guide",
        D(2024, 6, 17),
        D(2026, 6, 17),
        ([], ["caregivers"], ["revictimization", "housing-and-shelter"]),
        ["La versión en español de la guía para cuidadores."],
        language="es",
        length="8 páginas",
    ),
    resource(
        "model-mdt-protocol-csec-case-acceptance",
        "Model MDT protocol: case acceptance criteria for CSEC",
        "Protocol language a multidisciplinary team can adapt so that exploitation cases handled "
        "by other units are accepted and referred to the CAC.",
        "protocol",
        D(2022, 11, 30),
        D(2023, 11, 30),
        (
            [
                "cac-leadership",
                "law-enforcement",
                "prosecution",
                "child-protective-services-child-welfare",
            ],
            ["multidisciplinary-team", "state-chapters"],
            ["multidisciplinary-collaboration", "identification-and-screening"],
        ),
        [
            "Protocol issues with case acceptance criteria were a barrier for 14% of CACs in 2020. "
            "Some CSEC cases are handled by agencies or units that are not used to working with "
            "CACs."
        ],
        length="14 pages",
    ),
    resource(
        "serving-male-victims",
        "Serving boys and young men who have been exploited",
        "Why male victims are under-identified and what centers can change in screening, "
        "interviewing and services.",
        "fact-sheet",
        D(2023, 2, 27),
        D(2025, 8, 11),
        (
            ["forensic-interviewing", "mental-health", "victim-advocacy"],
            ["cac-staff", "partner-agencies"],
            ["male-victims", "identification-and-screening"],
        ),
        ["Some CACs reported a lack of resources for male victims."],
        length="2 pages",
    ),
    resource(
        "serving-lgbtq-youth",
        "Serving LGBTQ+ and transgender youth who have been exploited",
        "Affirming practice for LGBTQ+ youth, who may have less family and community support "
        "and fewer local resources.",
        "guide",
        D(2024, 9, 9),
        D(2026, 3, 2),
        (
            ["victim-advocacy", "mental-health", "medical"],
            ["cac-staff", "multidisciplinary-team"],
            ["lgbtq-youth", "housing-and-shelter"],
        ),
        [
            "There may be less support and a lack of community resources for LGBTQ youth, and some "
            "CACs reported a lack of resources for transgender victims."
        ],
        length="10 pages",
    ),
    resource(
        "safe-housing-checklist",
        "Finding safe housing and shelter: a checklist for advocates",
        "Questions to answer and contacts to make when an exploited youth has nowhere safe to "
        "stay tonight.",
        "checklist",
        D(2025, 1, 15),
        D(2026, 1, 15),
        (
            ["victim-advocacy", "child-protective-services-child-welfare"],
            ["cac-staff", "partner-agencies"],
            ["housing-and-shelter", "revictimization"],
        ),
        [
            "Commercially exploited or trafficked youth are more likely to need a safe place to "
            "stay; many states have very few shelter beds for them."
        ],
        length="2 pages",
    ),
    resource(
        "substance-use-and-exploitation",
        "Substance use and exploitation: coordinating treatment",
        "How the CAC team can connect exploited youth with substance use treatment without "
        "losing them between agencies.",
        "fact-sheet",
        D(2023, 7, 19),
        D(2024, 7, 19),
        (
            ["mental-health", "medical", "child-protective-services-child-welfare"],
            ["multidisciplinary-team", "partner-agencies"],
            ["substance-use"],
        ),
        [
            "Exploited youth might have substance abuse issues that need treatment, and placement "
            "delays can mean they go missing before treatment starts."
        ],
        length="2 pages",
    ),
    resource(
        "safety-planning-template",
        "Safety planning with exploited youth: a template",
        "A fill-in safety plan an advocate completes with a young person to reduce the risk of "
        "being exploited again.",
        "template",
        D(2025, 4, 7),
        D(2026, 4, 7),
        (["victim-advocacy", "mental-health"], ["cac-staff"], ["revictimization"]),
        ["Youth who do not see themselves as victims may be vulnerable to revictimization."],
        pdf=[
            "People I can call when I feel unsafe:",
            "Places I can go tonight:",
            "What I will do if the person who hurt me contacts me:",
        ],
        length="3 pages",
    ),
    resource(
        "partner-agency-awareness-presentation",
        "Talking with partner agencies about CSEC: presentation and script",
        "Slides and speaking notes for CAC staff presenting to juvenile justice, schools and "
        "shelters on recognizing exploited youth and referring them.",
        "template",
        D(2025, 9, 3),
        D(2026, 9, 3),
        (
            ["cac-leadership", "victim-advocacy"],
            ["trainers", "partner-agencies"],
            ["identification-and-screening", "multidisciplinary-collaboration"],
        ),
        [
            "Respondents named a lack of community awareness, and partner agencies that do not "
            "think CSEC exists in their county."
        ],
        length="24 slides",
    ),
    resource(
        "csec-case-review-worksheet",
        "CSEC case review worksheet for MDT meetings",
        "A members-only worksheet for reviewing open exploitation cases at multidisciplinary "
        "team meetings: services offered, placement, safety and next steps.",
        "template",
        D(2025, 11, 12),
        D(2026, 10, 1),
        (
            ["cac-leadership", "law-enforcement", "victim-advocacy"],
            ["multidisciplinary-team"],
            ["multidisciplinary-collaboration", "tracking-cases"],
        ),
        ["For NCA members: sign in to download."],
        pdf=[
            "Case number:",
            "Services offered and accepted:",
            "Placement and safety:",
            "Next steps and owner:",
        ],
        length="2 pages",
        members_only=True,
    ),
]
