"""The census brief itself, "A light on the unseen" (NCA, 2021), as a report resource."""

import datetime

BARRIERS = [
    ("Identification/screening", "60%", "54%"),
    ("Low caseload of identified victims of this crime", "60%", "46%"),
    ("Lack of specified training and technical assistance", "43%", "30%"),
    ("Lack of support from partner agencies", "27%", "19%"),
    ("Funding", "43%", "15%"),
    ("Protocol issues with case acceptance criteria", "22%", "14%"),
    ("Other", "18%", "9%"),
    ("Legislative", "7%", "4%"),
    ("No barriers to serving this population", "10%", "18%"),
]


def paragraph(text: str) -> dict:
    return {"type": "paragraph", "value": f"<p>{text}</p>"}


def heading(text: str) -> dict:
    return {"type": "heading", "value": text}


def quote(text: str, attribution: str) -> dict:
    return {"type": "quote", "value": {"quote": text, "attribution": attribution}}


BARRIERS_TABLE = {
    "type": "table",
    "value": {
        "caption": "Top barriers to providing services to CSEC victims (share of CACs)",
        "columns": [
            {"type": "text", "heading": "Barrier"},
            {"type": "text", "heading": "2016"},
            {"type": "text", "heading": "2020"},
        ],
        "rows": [{"values": list(row)} for row in BARRIERS],
    },
}

CENSUS = "Respondent, 2020 CAC Census"

BRIEF = {
    "slug": "a-light-on-the-unseen",
    "title": "A light on the unseen: CACs stand ready to help exploited kids and youth",
    "summary": (
        "The National Children's Alliance brief on how Children's Advocacy Centers serve "
        "commercially sexually exploited children, comparing the 2016 and 2020 CAC Census: more "
        "victims served, fewer CACs tracking cases, and identification still the biggest barrier."
    ),
    "resource_type": "report",
    "publisher": "National Children's Alliance",
    "publication_date": datetime.date(2021, 1, 1),
    "last_reviewed": datetime.date(2026, 9, 15),
    "disciplines": ["cac-leadership", "victim-advocacy", "forensic-interviewing", "mental-health"],
    "audiences": ["cac-staff", "multidisciplinary-team", "state-chapters", "partner-agencies"],
    "topics": [
        "identification-and-screening",
        "tracking-cases",
        "housing-and-shelter",
        "substance-use",
        "multidisciplinary-collaboration",
    ],
    "body": [
        paragraph(
            "When it comes to delivering services to victims of the commercial sexual "
            "exploitation of children (CSEC) or child sex trafficking, willingness and capacity "
            "among Children's Advocacy Centers (CACs) is nearly universal, barriers to service "
            "have declined, and the number of victims being served at CACs is up compared to "
            "several years ago. But the percentage of CACs that report having served and tracked "
            "at least one such case in 2019 went down since the field was last asked about 2015."
        ),
        heading("A matter of identification"),
        paragraph(
            "Comparing the 2016 and 2020 Census results, the total number of CSEC cases grew from "
            "more than 2,100 reported in 2016 to nearly 5,000 in 2020, while the percentage of "
            "CACs that had tracked at least one CSEC case the previous year went down. (Census "
            "results describe the prior full year: 2015 and 2019.)"
        ),
        paragraph(
            "The commercial sexual exploitation or sexual trafficking of children exists in all "
            "types of communities: rural/remote, suburban, and urban. But if we're not tracking a "
            "problem, how can we know it's a problem?"
        ),
        heading("What is commercial sexual exploitation?"),
        paragraph(
            "The commercial sexual exploitation of children refers to a range of crimes and "
            "activities involving the sexual abuse or exploitation of a child for the financial "
            "benefit of any person or in exchange for anything of value (including monetary and "
            "non-monetary benefits) given or received by any person, such as child sex "
            "trafficking, child sex tourism, child sexual abuse materials, and online "
            "transmission of live video of a child engaged in sexual activity."
        ),
        heading("The biggest barriers: identification and screening"),
        paragraph(
            "In both 2016 and 2020, NCA asked CACs whether a particular issue was a barrier to "
            "providing a service to CSEC victims. Every barrier showed an improvement in 2020, but "
            "54% of CACs still reported identification and screening of cases as a problem."
        ),
        BARRIERS_TABLE,
        quote(
            "There are a lot of misconceptions among partner agencies over what constitutes CSEC "
            "and when cases should be referred for services, and this results in a lot of cases "
            "being missed or not referred to the center.",
            CENSUS,
        ),
        quote(
            "We have had conversations and even developed a task force. There seems to be denial "
            "about whether it is a problem in our area. However, logistically we are in a prime "
            "area for CSEC and other trafficking concerns. I would say identification is the "
            "first step.",
            CENSUS,
        ),
        heading("Service gaps hamper CACs' ability to help"),
        paragraph(
            "Commercially exploited or trafficked kids and youth are more likely to need a safe "
            "place to stay. They might be homeless, their families may not be a safe haven, and "
            "they might have substance abuse issues that need treatment. If they don't see "
            "themselves as victims, they may be vulnerable to revictimization."
        ),
        quote(
            "There is only one shelter for such victims in [our state]. Many of our children are "
            "identified to be at risk of becoming a CSEC, but the state and region lacks the "
            "resources necessary to identify, stabilize, and treat these children.",
            CENSUS,
        ),
        heading("Conclusions"),
        paragraph(
            "All CACs should track whether they serve CSEC victims. Beyond that, education is "
            "essential: teaching ourselves, our partners, and our communities how to identify and "
            "respond to kids and youth in need. State Chapters stand ready to help."
        ),
        paragraph(
            "This project was supported by Grant #2020-CI-FX-K003 awarded by the Office of "
            "Juvenile Justice and Delinquency Prevention, Office of Justice Programs, U.S. "
            "Department of Justice."
        ),
    ],
}
