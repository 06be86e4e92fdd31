"""The Pennsylvania chapter and its trainings.

From the brief: in 2017 Children's Advocacy Centers of Pennsylvania developed a survivor-led
two-day curriculum with a three-year Children's Justice Act grant; more than half of the state's
CACs attended with their teams; two new grants fund specialized training for victim advocates
and therapists and discipline-specific training for law enforcement, child welfare, prosecution,
medical professionals and court personnel. Agendas, objectives and hours are sample content.
"""

import datetime

CHAPTER_INDEX = {
    "slug": "trainings",
    "title": "Chapter trainings",
    "intro": (
        "<p>NCA's State Chapters boost collaboration between CACs in their states and train "
        "their teams. As individual CACs gain expertise in responding to exploitation and "
        "trafficking, they become resources for centers that rarely see such cases.</p>"
    ),
}

PENNSYLVANIA = {
    "slug": "pennsylvania",
    "title": "Children's Advocacy Centers of Pennsylvania",
    "state": "Pennsylvania",
    "description": (
        "<p>In 2017 the Pennsylvania State Chapter turned its attention to the commercial sexual "
        "exploitation of children, with a plan to get its member CACs trained in identifying and "
        "responding to kids and youth in such cases. It garnered financial support from the "
        "Pennsylvania Commission on Crime and Delinquency and the Department of Human "
        "Services.</p>"
    ),
    "contact_name": "Chris Kirchner, MSW, Executive Director",
}

CJA_GRANT = "Children's Justice Act grant to Children's Advocacy Centers of Pennsylvania."


def session(start: str, end: str, title: str, presenter: str, disciplines=()) -> dict:
    return {
        "start": start,
        "end": end,
        "title": title,
        "description": "",
        "presenter_role": presenter,
        "disciplines": list(disciplines),
    }


TWO_DAY = {
    "slug": "survivor-led-two-day-training",
    "title": "Responding to child trafficking: a survivor-led two-day training for CAC teams",
    "summary": (
        "Pennsylvania's comprehensive two-day curriculum that trains CACs and their "
        "multidisciplinary teams to identify and respond to child trafficking cases. More than "
        "half of the CACs in Pennsylvania have attended it with their teams."
    ),
    "overview": (
        "<p>“Our curriculum is survivor-led, and more than half of the CACs in Pennsylvania have "
        "attended the training with their teams thus far.” (Chris Kirchner, MSW, Executive "
        "Director)</p><p>The agenda, objectives and hours below are sample content for the "
        "demo.</p>"
    ),
    "objectives": [
        "Recognize the signs of commercial sexual exploitation in cases referred to the CAC",
        "Screen every referral for exploitation and track the cases identified",
        "Adapt the forensic interview for youth who do not see themselves as victims",
        "Plan services with partner agencies for housing, treatment and safety",
    ],
    "duration_hours": "11",
    "delivery_format": "in-person",
    "survivor_involvement": "survivor-led",
    "funding_note": "Developed with a three-year " + CJA_GRANT,
    "publication_date": datetime.date(2019, 9, 1),
    "last_reviewed": datetime.date(2026, 8, 20),
    "disciplines": [
        "forensic-interviewing",
        "victim-advocacy",
        "mental-health",
        "medical",
        "law-enforcement",
        "child-protective-services-child-welfare",
        "prosecution",
    ],
    "audiences": ["multidisciplinary-team", "cac-staff"],
    "topics": [
        "identification-and-screening",
        "survivor-led-practice",
        "trauma-and-polyvictimization",
        "multidisciplinary-collaboration",
    ],
    "agenda": [
        (
            "Day 1: Recognizing exploitation",
            [
                session(
                    "09:00",
                    "10:30",
                    "What exploitation looks like: a survivor's account",
                    "Survivor leader",
                ),
                session("10:45", "12:00", "Definitions, law and who is missed", "Chapter trainer"),
                session(
                    "13:00",
                    "14:30",
                    "Screening at intake and tracking cases",
                    "CAC director",
                    ["cac-leadership", "victim-advocacy"],
                ),
                session(
                    "14:45",
                    "16:00",
                    "Trauma, polyvictimization and engagement",
                    "Trauma therapist",
                    ["mental-health"],
                ),
            ],
        ),
        (
            "Day 2: Responding as a team",
            [
                session(
                    "09:00",
                    "10:30",
                    "Forensic interviews with exploited youth",
                    "Forensic interviewer and survivor leader",
                    ["forensic-interviewing"],
                ),
                session(
                    "10:45",
                    "12:00",
                    "Investigation and prosecution without retraumatizing",
                    "Detective and prosecutor",
                    ["law-enforcement", "prosecution"],
                ),
                session(
                    "13:00",
                    "14:30",
                    "Housing, treatment and safety planning",
                    "Victim advocate",
                    ["victim-advocacy", "child-protective-services-child-welfare"],
                ),
                session(
                    "14:45",
                    "16:00",
                    "Your team's protocol: case acceptance and next steps",
                    "Chapter trainer",
                    ["cac-leadership"],
                ),
            ],
        ),
    ],
    "materials": [
        "csec-screening-tool-for-cac-intake",
        "forensic-interviews-with-exploited-youth",
        "model-mdt-protocol-csec-case-acceptance",
    ],
}


def follow_on(slug, title, summary, disciplines, topics, sessions, hours="4.75") -> dict:
    return {
        "slug": slug,
        "title": title,
        "summary": summary,
        "overview": (
            "<p>One of the specialized trainings funded by two new Children's Justice Act grants "
            "to CACs of PA. Its content here is sample content for the demo.</p>"
        ),
        "objectives": [session["title"] for session in sessions[:3]],
        "duration_hours": hours,
        "delivery_format": "hybrid",
        "survivor_involvement": "survivor-informed",
        "funding_note": CJA_GRANT,
        "publication_date": datetime.date(2022, 3, 1),
        "last_reviewed": datetime.date(2025, 12, 1),
        "disciplines": disciplines,
        "audiences": ["cac-staff", "multidisciplinary-team"],
        "topics": topics,
        "agenda": [("One day", sessions)],
        "materials": [],
        "sample": True,
    }


FOLLOW_ONS = [
    follow_on(
        "advocates-and-therapists",
        "Supporting child victims of human trafficking: training for victim advocates and "
        "therapists",
        "Specialized training for victim advocates and therapists on engaging and treating child "
        "victims of human trafficking.",
        ["victim-advocacy", "mental-health"],
        ["trauma-and-polyvictimization", "revictimization"],
        [
            session(
                "09:00",
                "10:30",
                "Engage youth who do not see themselves as victims",
                "Survivor leader",
            ),
            session(
                "10:45",
                "12:00",
                "Apply trauma-focused treatment to polyvictimization",
                "Trauma therapist",
                ["mental-health"],
            ),
            session(
                "13:00",
                "15:00",
                "Build safety plans that prevent revictimization",
                "Victim advocate",
                ["victim-advocacy"],
            ),
        ],
    ),
    follow_on(
        "law-enforcement",
        "Investigating child trafficking: training for law enforcement",
        "Discipline-specific training for officers and investigators on recognizing exploited "
        "youth and investigating trafficking with the CAC team.",
        ["law-enforcement"],
        ["identification-and-screening", "online-exploitation"],
        [
            session(
                "09:00",
                "10:30",
                "Recognize exploited youth behind runaway and delinquency calls",
                "Detective",
            ),
            session(
                "10:45",
                "12:00",
                "Investigate online exploitation and trafficking",
                "Digital forensics examiner",
            ),
            session(
                "13:00",
                "15:00",
                "Coordinate with the forensic interview and advocacy",
                "CAC director",
                ["forensic-interviewing"],
            ),
        ],
    ),
    follow_on(
        "child-welfare",
        "Placement and services for exploited youth: training for child welfare",
        "Discipline-specific training for child welfare caseworkers on fast-tracking placement "
        "and services for exploited youth.",
        ["child-protective-services-child-welfare"],
        ["housing-and-shelter", "substance-use"],
        [
            session("09:00", "10:30", "Screen child welfare cases for exploitation", "Caseworker"),
            session(
                "10:45",
                "12:00",
                "Fast-track secure treatment placements",
                "Child welfare supervisor",
            ),
            session("13:00", "15:00", "Coordinate substance use treatment", "Clinician"),
        ],
    ),
    follow_on(
        "prosecution-and-courts",
        "Child trafficking in court: training for prosecutors and court personnel",
        "Discipline-specific training for prosecutors, judges and court staff on trafficking "
        "cases and on treating exploited youth as victims rather than delinquents.",
        ["prosecution", "court-personnel"],
        ["forensic-interviews-with-exploited-youth", "revictimization"],
        [
            session(
                "09:00",
                "10:30",
                "Charge trafficking cases with the victim in mind",
                "Prosecutor",
                ["prosecution"],
            ),
            session("10:45", "12:00", "Use forensic interview evidence in court", "Prosecutor"),
            session(
                "13:00",
                "15:00",
                "Divert exploited youth from delinquency proceedings",
                "Juvenile court judge",
                ["court-personnel"],
            ),
        ],
    ),
    follow_on(
        "medical-professionals",
        "Recognizing exploitation in the exam room: training for medical professionals",
        "Discipline-specific training for physicians and nurses on recognizing and responding to "
        "exploitation during medical evaluations.",
        ["medical"],
        ["identification-and-screening", "lgbtq-youth"],
        [
            session(
                "09:00",
                "10:30",
                "Recognize exploitation during the medical evaluation",
                "Child abuse pediatrician",
            ),
            session("10:45", "12:00", "Provide affirming care to LGBTQ+ and male youth", "Nurse"),
            session(
                "13:00", "14:00", "Refer and document for the CAC team", "CAC medical director"
            ),
        ],
        hours="3.75",
    ),
]
