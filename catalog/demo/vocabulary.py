"""The demo's controlled vocabulary: (name, description) in display order."""

DISCIPLINES = [
    ("Forensic interviewing", "Interviewers who talk with children about what happened to them."),
    ("Victim advocacy", "Advocates who support children and families through the response."),
    ("Mental health", "Therapists and clinicians who treat trauma."),
    ("Medical", "Physicians and nurses who examine and treat children."),
    ("Law enforcement", "Officers and investigators who investigate exploitation and trafficking."),
    (
        "Child protective services / child welfare",
        "Caseworkers who assess safety and arrange placement and services.",
    ),
    ("Prosecution", "Prosecutors and their staff who bring cases to court."),
    ("Court personnel", "Judges, guardians ad litem and court staff."),
    ("CAC leadership", "Directors and managers who shape a center's response."),
]

AUDIENCES = [
    ("CAC staff", "People who work at a Children's Advocacy Center."),
    ("Multidisciplinary team", "The partners who respond to a case together with the CAC."),
    (
        "Partner agencies",
        "Agencies that may meet exploited youth without seeing them as victims: juvenile "
        "justice, schools, shelters, runaway and homeless youth programs.",
    ),
    ("Caregivers", "Parents, relatives and foster parents caring for a child."),
    ("State chapters", "The state associations that support CACs in their state."),
    ("Trainers", "People who train CAC teams and partner agencies."),
]

TOPICS = [
    (
        "Identification and screening",
        "Recognizing exploited children and youth, and screening every case for it.",
    ),
    ("Tracking cases", "Recording and counting the exploitation cases a center serves."),
    (
        "Trauma and polyvictimization",
        "Complex trauma and the many kinds of harm exploited youth have often lived through.",
    ),
    (
        "Forensic interviews with exploited youth",
        "Special considerations when interviewing youth who may not see themselves as victims.",
    ),
    ("Online exploitation", "Child sexual abuse material and live-streamed abuse."),
    ("LGBTQ+ youth", "Serving lesbian, gay, bisexual, transgender and queer youth."),
    ("Male victims", "Recognizing and serving boys and young men."),
    ("Housing and shelter", "Safe places to stay for youth who are homeless or cannot go home."),
    ("Substance use", "Treatment and support for youth who use drugs or alcohol."),
    ("Revictimization", "Keeping youth from being exploited again."),
    (
        "Multidisciplinary collaboration",
        "Protocols, case acceptance and working with partner agencies.",
    ),
    ("Survivor-led practice", "Work designed and led with survivors of exploitation."),
]
