//! Dutch cues.

use crate::detect::context::Cue;

/// Whole-word phrases.
pub const PHRASES: &[(Cue, &[&str])] = &[
    (
        Cue::Support,
        &[
            "klantenservice",
            "klantendienst",
            "helpdesk",
            "technische ondersteuning",
            "ondersteuning",
            "servicedesk",
            "monteur",
            "medewerker",
            "hulp",
        ],
    ),
    (
        Cue::Billing,
        &[
            "factuur",
            "abonnement",
            "verlenging",
            "verlengd",
            "verlengen",
            "terugbetaling",
            "terugbetalen",
            "restitutie",
            "betaling",
            "afgeschreven",
            "opzeggen",
            "annuleren",
            "incasso",
        ],
    ),
    (
        Cue::CallToAction,
        &[
            "bel",
            "bellen",
            "belt u",
            "neem contact op",
            "telefoon",
            "telefoonnummer",
            "gratis nummer",
        ],
    ),
    (
        Cue::OfficialClaim,
        &[
            "officieel",
            "officiële",
            "erkend",
            "erkende",
            "gecertificeerd",
            "gecertificeerde",
            "geautoriseerd",
        ],
    ),
    (
        Cue::Infected,
        &[
            "is geïnfecteerd",
            "virus gedetecteerd",
            "virussen gedetecteerd",
            "bedreiging gedetecteerd",
            "bedreigingen gedetecteerd",
            "trojan",
            "gehackt",
            "gecompromitteerd",
            "loopt gevaar",
            "besmet",
        ],
    ),
    (
        Cue::DoNotShutDown,
        &[
            "niet uitschakelen",
            "niet afsluiten",
            "niet opnieuw opstarten",
            "niet herstarten",
            "sluit deze pagina niet",
            "zet uw computer niet uit",
        ],
    ),
    (
        Cue::RemoteAccess,
        &[
            "toegang op afstand",
            "overname op afstand",
            "bediening op afstand",
            "extern bureaublad",
        ],
    ),
    (
        Cue::GiftCards,
        &[
            "cadeaukaart",
            "cadeaukaarten",
            "cadeaubon",
            "cadeaubonnen",
            "prepaidkaart",
            "prepaidkaarten",
            "tegoedbon",
        ],
    ),
    (
        Cue::Secrets,
        &[
            "uw wachtwoord",
            "je wachtwoord",
            "kaartnummer",
            "pincode",
            "inloggegevens",
            "bankgegevens",
            "licentiesleutel",
            "productsleutel",
            "beveiligingscode",
        ],
    ),
    (
        Cue::Urgency,
        &[
            "onmiddellijk",
            "binnen 24 uur",
            "laatste herinnering",
            "laatste waarschuwing",
            "geblokkeerd",
            "opgeschort",
            "dringend",
            "vandaag nog",
        ],
    ),
    (
        Cue::ScheduledCall,
        &[
            "wij bellen u",
            "we bellen u",
            "wordt u gebeld",
            "u wordt gebeld",
            "belt u terug",
        ],
    ),
    (
        Cue::Commentary,
        &[
            "oplichting",
            "oplichter",
            "oplichters",
            "oplichtingspraktijken",
            "fraude",
            "fraudeurs",
            "frauduleus",
            "frauduleuze",
            "nep",
            "neppe",
            "valse",
            "vals",
            "waarschuwt",
            "waarschuwen",
            "slachtoffer",
            "slachtoffers",
            "politie",
            "fraudehelpdesk",
            "criminelen",
            "doen zich voor als",
            "doet zich voor als",
            "volgens",
            "zogenaamd",
            "zogenaamde",
        ],
    ),
    (
        Cue::Neutral,
        &[
            "perscontact",
            "persbericht",
            "persvoorlichting",
            "advertentie",
            "adverteren",
            "vacatures",
            "in plaats van",
        ],
    ),
];

/// Word beginnings: Dutch, like German, writes compounds as one word.
pub const PREFIXES: &[(Cue, &str)] = &[
    (Cue::Commentary, "oplicht"),
    (Cue::Commentary, "phishing"),
    (Cue::Support, "klantenservice"),
    (Cue::GiftCards, "cadeaukaart"),
];

/// Frequent words (folded: no accents) that say a text is Dutch.
pub const STOPWORDS: &[&str] = &[
    "het", "een", "niet", "uw", "wij", "zijn", "voor", "dat", "dit", "deze", "wordt", "worden",
    "bij", "ook", "naar", "om", "te", "van", "u", "je", "onze", "heeft", "kunt",
];
