//! The mail reader's JavaScript façade: the only export of the mail
//! package (`dist/pkg-mail`, cargo feature `mail-package`).
//!
//! Reading raw RFC 5322 messages (MIME parts, encoded words, charsets,
//! quoted-printable and base64) takes `mail-parser`, some 44 KB gzipped,
//! and only the popup's "paste a raw email" check needs it. So the
//! extension's engine package (`dist/pkg`) leaves it out, and the worker
//! loads this package only when someone pastes a raw email: it reads the
//! message into plain parts ([`RawParts`]), and the engine's
//! `analyseEmailParts` builds its email from them exactly as the CLI does
//! from the same bytes. The two packages are built from the same crate,
//! never together (`src/lib.rs` compiles this file as `wasm` instead of
//! `src/wasm.rs`), so each stays small.
//!
//! As in `src/wasm.rs`, nothing throws: `readRawEmail(bytes)` returns
//! `{ok: true, parts}`, `parts` being `null` when the bytes have no headers.

use js_sys::{Object, Reflect};
use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::detect::email::{read_parts, RawParts};

#[derive(Serialize)]
struct View {
    ok: bool,
    parts: Option<RawParts>,
}

/// Reads a raw email message (RFC 5322 bytes) into the parts the engine's
/// `analyseEmailParts` takes: `{ok: true, parts}`, `parts` `null` when the
/// bytes are no message.
#[wasm_bindgen(js_name = readRawEmail)]
pub fn read_raw_email(raw: &[u8]) -> JsValue {
    let view = View {
        ok: true,
        parts: read_parts(raw),
    };
    match view.serialize(&serde_wasm_bindgen::Serializer::json_compatible()) {
        Ok(v) => v,
        Err(_) => {
            let out = Object::new();
            let set = |key: &str, value: &JsValue| {
                // Setting a property on a plain object we created cannot fail.
                let _ = Reflect::set(&out, &JsValue::from_str(key), value);
            };
            set("ok", &JsValue::FALSE);
            set("code", &JsValue::from_str("internal"));
            set(
                "message",
                &JsValue::from_str("The message could not be read."),
            );
            out.into()
        }
    }
}

/// Unicode NFC from the browser: the crate's notice code links it, though
/// this package never normalises (`src/notice/canon.rs`).
#[cfg(not(feature = "nfc-tables"))]
pub(crate) fn host_nfc(text: &str) -> String {
    js_sys::JsString::from(text).normalize("NFC").into()
}
