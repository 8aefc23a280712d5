//! Spanish cues, written with their accents (folded away when matching).

use crate::detect::context::Cue;

/// Whole-word phrases.
pub const PHRASES: &[(Cue, &[&str])] = &[
    (
        Cue::Support,
        &[
            "soporte",
            "soporte técnico",
            "asistencia técnica",
            "servicio técnico",
            "atención al cliente",
            "servicio al cliente",
            "técnico",
            "técnicos",
            "centro de ayuda",
            "ayuda",
        ],
    ),
    (
        Cue::Billing,
        &[
            "factura",
            "facturación",
            "suscripción",
            "renovación",
            "renovado",
            "renovar",
            "reembolso",
            "reembolsar",
            "cobro",
            "cobrado",
            "cargo",
            "pago",
            "cancelar",
            "cancelación",
        ],
    ),
    (
        Cue::CallToAction,
        &[
            "llame",
            "llámenos",
            "llamar",
            "llama",
            "contacte",
            "contáctenos",
            "teléfono",
            "marque",
            "línea gratuita",
            "llamada gratuita",
            "llamada",
        ],
    ),
    (
        Cue::OfficialClaim,
        &[
            "oficial",
            "oficiales",
            "autorizado",
            "autorizada",
            "certificado",
            "certificados",
        ],
    ),
    (
        Cue::Infected,
        &[
            "está infectado",
            "ha sido infectado",
            "virus detectado",
            "virus detectados",
            "amenaza detectada",
            "amenazas detectadas",
            "troyano",
            "software espía",
            "ha sido hackeado",
            "ha sido comprometido",
            "en riesgo",
            "infección",
        ],
    ),
    (
        Cue::DoNotShutDown,
        &[
            "no apague",
            "no reinicie",
            "no cierre",
            "no apagues",
            "no reinicies",
            "no cierres",
        ],
    ),
    (
        Cue::RemoteAccess,
        &[
            "acceso remoto",
            "control remoto",
            "escritorio remoto",
            "conexión remota",
        ],
    ),
    (
        Cue::GiftCards,
        &[
            "tarjeta regalo",
            "tarjetas regalo",
            "tarjeta de regalo",
            "tarjetas de regalo",
            "tarjeta prepago",
            "tarjetas prepago",
            "transferencia bancaria",
            "criptomonedas",
        ],
    ),
    (
        Cue::Secrets,
        &[
            "su contraseña",
            "tu contraseña",
            "número de tarjeta",
            "código de seguridad",
            "clave de licencia",
            "clave de producto",
            "datos bancarios",
            "banca online",
        ],
    ),
    (
        Cue::Urgency,
        &[
            "inmediatamente",
            "en 24 horas",
            "urgente",
            "suspendido",
            "suspendida",
            "bloqueado",
            "bloqueada",
            "último aviso",
            "de inmediato",
        ],
    ),
    (
        Cue::ScheduledCall,
        &[
            "le llamaremos",
            "recibirá una llamada",
            "un técnico le llamará",
            "le devolveremos la llamada",
        ],
    ),
    (
        Cue::Commentary,
        &[
            "estafa",
            "estafas",
            "estafador",
            "estafadores",
            "fraude",
            "fraudes",
            "fraudulento",
            "fraudulenta",
            "timadores",
            "suplantación",
            "suplantan",
            "haciéndose pasar",
            "se hacen pasar",
            "se hace pasar",
            "víctima",
            "víctimas",
            "policía",
            "guardia civil",
            "denunciar",
            "según",
            "falso",
            "falsa",
            "falsos",
            "falsas",
            "supuesto",
            "supuesta",
            "supuestos",
        ],
    ),
    (
        Cue::Neutral,
        &[
            "contacto de prensa",
            "nota de prensa",
            "publicidad",
            "empleo",
            "en lugar de",
        ],
    ),
];

/// Word beginnings.
pub const PREFIXES: &[(Cue, &str)] =
    &[(Cue::Commentary, "suplantac"), (Cue::Commentary, "estafad")];

/// Frequent words (folded: no accents) that say a text is Spanish.
pub const STOPWORDS: &[&str] = &[
    "el", "los", "las", "usted", "por", "para", "con", "del", "este", "esta", "es", "una", "su",
    "sus", "y", "pero", "como", "al", "muy", "hay",
];
