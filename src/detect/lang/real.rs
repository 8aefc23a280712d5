//! Cue tests written from real scam mail and real warning pages.
//!
//! Each sentence below is modelled on a real message of its kind (German and
//! Dutch antivirus-renewal lures, French, Spanish and Japanese tech-support
//! and renewal lures, and the consumer agencies' warnings about them),
//! reworded, with the demo vendor's name. A cue missing here is a real scam
//! that reads as harmless prose, or a real warning page read as the vendor
//! speaking.

use crate::detect::context::{cues_in as cues, Cue};

/// Every sentence must hold every cue listed with it; all misses are
/// reported at once.
fn check(cases: &[(&str, &[Cue])]) {
    let mut wrong = Vec::new();
    for (s, want) in cases {
        let got = cues(s);
        let missing: Vec<&Cue> = want.iter().filter(|c| !got.contains(c)).collect();
        if !missing.is_empty() {
            wrong.push(format!("{s:?}: missing {missing:?}, found {got:?}"));
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}

use Cue::*;

#[test]
fn german_renewal_lures() {
    check(&[
        ("Ihre Northwind-Lizenz ist abgelaufen", &[Billing]),
        ("Ihr Jahresabo läuft ab", &[Billing]),
        ("80 % Verlängerungsrabatt nur heute", &[Billing, Urgency]),
        ("Erneuern Sie Ihren Schutz", &[Billing]),
        ("Ihre Mitgliedschaft endete gestern", &[Billing]),
        ("Sofortiges Handeln erforderlich!", &[Urgency]),
        ("Sofortige Maßnahmen erforderlich", &[Urgency]),
        ("Letzte Chance: Handeln Sie jetzt", &[Urgency]),
        ("Ihre Geräte sind ungeschützt", &[Infected]),
        ("Ihr Gerät ist anfällig für Viren", &[Infected]),
        ("Ihr Gerät ist von einem Virus infiziert", &[Infected]),
        ("Auf Ihrem Gerät wurden mehrere Viren erkannt", &[Infected]),
        ("Rufen Sie uns an: kostenlose Hotline", &[CallToAction]),
    ]);
}

#[test]
fn german_warnings() {
    check(&[
        ("Vorsicht vor falschen Support-Anrufen", &[Commentary]),
        ("Die Masche ist bekannt", &[Commentary]),
        ("Trickbetrüger am Telefon", &[Commentary]),
        ("Die Verbraucherzentralen raten", &[Commentary]),
        ("Erstatten Sie Anzeige bei der Polizei", &[Commentary]),
    ]);
}

#[test]
fn dutch_renewal_lures() {
    check(&[
        ("Uw Northwind-abonnement is beëindigd", &[Billing]),
        ("72% verlengingskorting", &[Billing]),
        ("Abonnement vernieuwen", &[Billing]),
        ("Uw antivirusabonnement is bijna verlopen", &[Billing]),
        ("Uw licentie is verlopen", &[Billing]),
        ("Gevaren gedetecteerd!", &[Infected]),
        (
            "Het systeem heeft virussen op uw computer gedetecteerd",
            &[Infected],
        ),
        ("Uw apparaat is onbeschermd", &[Infected]),
        ("Je apparaat staat onder aanval", &[Infected]),
        ("Als je niet binnen 48 uur verlengt", &[Urgency]),
        ("Laatste kans, alleen vandaag", &[Urgency]),
        ("Bel ons gratis", &[CallToAction]),
    ]);
}

#[test]
fn dutch_warnings() {
    check(&[
        ("Pas op voor nepmails uit naam van Northwind", &[Commentary]),
        ("Let op: phishingmail in omloop", &[Commentary]),
        (
            "De Fraudehelpdesk en de Consumentenbond waarschuwen",
            &[Commentary],
        ),
    ]);
}

#[test]
fn french_lures_and_warnings() {
    check(&[
        ("Votre abonnement a expiré", &[Billing]),
        (
            "Renouvelez votre licence dès maintenant",
            &[Billing, Urgency],
        ),
        (
            "Votre appareil n'est plus protégé : appareil non protégé",
            &[Infected],
        ),
        ("Logiciels malveillants détectés", &[Infected]),
        (
            "Dernière chance : offre valable aujourd'hui seulement",
            &[Urgency],
        ),
        ("Appelez notre ligne d'assistance", &[CallToAction, Support]),
        ("Mise en garde : faux support technique", &[Commentary]),
        ("Signalez-le sur SignalConso ou à la DGCCRF", &[Commentary]),
        ("Tentative d'hameçonnage", &[Commentary]),
    ]);
}

#[test]
fn spanish_lures_and_warnings() {
    check(&[
        ("Su suscripción ha caducado", &[Billing]),
        ("Su licencia ha expirado", &[Billing]),
        ("Renueve hoy con un 80% de descuento", &[Billing]),
        ("Su equipo está desprotegido", &[Infected]),
        ("Última oportunidad, solo hoy", &[Urgency]),
        ("Llámenos al número gratuito", &[CallToAction]),
        (
            "Cuidado con el timo del falso soporte técnico",
            &[Commentary],
        ),
        ("Intento de phishing: el INCIBE avisa", &[Commentary]),
        ("Una ciberestafa muy extendida", &[Commentary]),
    ]);
}

#[test]
fn japanese_lures_and_warnings() {
    check(&[
        ("ライセンスの有効期限が切れました", &[Billing]),
        ("自動更新のお知らせ", &[Billing]),
        ("お使いのパソコンは保護されていません", &[Infected]),
        ("マルウェアが見つかりました", &[Infected]),
        ("本日中にお手続きください", &[Urgency]),
        ("ナビダイヤルまでご連絡ください", &[CallToAction]),
        ("不審なメールにご注意ください", &[Commentary]),
        ("フィッシングメールの手口", &[Commentary]),
        ("架空請求にだまされないで", &[Commentary]),
    ]);
}

#[test]
fn portuguese_lures_and_warnings() {
    // Modelled on the Portuguese mail of the real-world collection (account
    // and points lures, one-time-code requests in a vendor's name) and on
    // consumer warnings about support scams in Brazil and Portugal.
    check(&[
        ("Sua conta foi bloqueada por segurança", &[Urgency]),
        ("Seus pontos serão expirados hoje", &[Billing]),
        ("Sua assinatura Northwind expirou", &[Billing]),
        ("Renove sua licença com desconto", &[Billing]),
        (
            "Acesse o site oficial ou entre em contato com o atendimento ao cliente",
            &[OfficialClaim, CallToAction, Support],
        ),
        (
            "Ligue para a Central de Atendimento de Cobrança",
            &[CallToAction, Support, Billing],
        ),
        ("Informe o código de uso único da sua conta", &[Secrets]),
        (
            "Seu computador está infectado, não desligue",
            &[Infected, DoNotShutDown],
        ),
        ("O técnico precisa de acesso remoto", &[RemoteAccess]),
        ("Pague com cartão presente", &[GiftCards]),
        (
            "Cuidado com o golpe do falso suporte técnico",
            &[Commentary],
        ),
        ("Golpistas se passam por empresas conhecidas", &[Commentary]),
        (
            "Burlas por telefone: a polícia alerta as vítimas",
            &[Commentary],
        ),
    ]);
}
