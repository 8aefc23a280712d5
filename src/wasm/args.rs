//! The detection engine's arguments read from JS property by property.
//!
//! The page scan, the scan options, the email parts and the vendors'
//! entries used to go through serde-wasm-bindgen's deserializer, whose
//! visitor code was some 20 KB of the extension's gzipped package
//! (docs/benchmarks.md). Reading them here, as the verify pages' arguments
//! are read in `src/wasm.rs`, keeps the same rules: a property that is
//! `undefined` is absent, an absent field takes its default (or is refused
//! where the field is required), `null` is accepted only where the field is
//! optional, and a value of the wrong type or out of range is refused with
//! a sentence that names it (`scan.blocks[].level must be a whole number
//! from 0 to 255`). Nothing is bounded here that the engine did not bound
//! before: the scan's own limits (`src/detect/scan.rs`) still apply.
//!
//! Page-sized text (a block's text, a notice, a message body, and
//! `analysePage`'s HTML) may come as a `Uint8Array` of UTF-8 as well as a
//! string. A string is copied into wasm memory by wasm-bindgen's glue one
//! UTF-16 unit at a time in JS; bytes a caller made with `TextEncoder` are
//! copied in one typed-array copy, which on a 1 MB page was a fifth of
//! `analysePage`'s time (docs/benchmarks.md). Bytes that are not UTF-8 are
//! refused with the field's name, never read lossily.

use js_sys::{Array, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};

use crate::detect::email::RawParts;
use crate::detect::scan::{
    Behaviour, Block, BlockRole, Frame, Message, Scan, ScanLink, ScanNotice,
};
use crate::directory::AcceptedState;

/// A reading, or the sentence that says what was wrong.
pub(super) type Read<T> = Result<T, String>;

/// `{now, recipients?: string[]}`: the scan options.
pub(super) struct ScanOptions {
    pub now: f64,
    pub recipients: Vec<String>,
}

/// One of `openVendors`' entries: `{envelope, root, accepted?}`.
pub(super) struct Entry {
    pub envelope: String,
    pub root: String,
    pub accepted: Option<AcceptedState>,
}

/// "`at`.`key` must be `kind`".
fn wrong(at: &str, key: &str, kind: &str) -> String {
    let mut out = String::from(at);
    if !key.is_empty() {
        out.push('.');
        out.push_str(key);
    }
    out.push_str(" must be ");
    out.push_str(kind);
    out
}

/// A plain object (not an array, not a primitive).
fn is_record(value: &JsValue) -> bool {
    value.is_object() && !Array::is_array(value)
}

/// The property, or `None` when it is absent or `undefined`.
fn field(object: &JsValue, key: &str) -> Option<JsValue> {
    let value = Reflect::get(object, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED);
    (!value.is_undefined()).then_some(value)
}

/// A string field; empty when absent.
fn string(object: &JsValue, at: &str, key: &str) -> Read<String> {
    match field(object, key) {
        None => Ok(String::new()),
        Some(v) => v.as_string().ok_or_else(|| wrong(at, key, "a string")),
    }
}

/// Page-sized text: a string, or a `Uint8Array` holding its UTF-8.
/// `name` is the field as the refusal names it (`html`,
/// `scan.blocks[].text`).
pub(super) fn text(value: &JsValue, name: &str) -> Read<String> {
    if let Some(s) = value.as_string() {
        return Ok(s);
    }
    match value.dyn_ref::<Uint8Array>() {
        Some(bytes) => {
            String::from_utf8(bytes.to_vec()).map_err(|_| wrong(name, "", "valid UTF-8 text"))
        }
        None => Err(wrong(name, "", "a string or a Uint8Array of UTF-8 text")),
    }
}

/// A page-sized text field ([`text`]); empty when absent.
fn text_field(object: &JsValue, at: &str, key: &str) -> Read<String> {
    match field(object, key) {
        None => Ok(String::new()),
        Some(v) => text(&v, &wrong_name(at, key)),
    }
}

/// "`at`.`key`", the name a refusal gives.
fn wrong_name(at: &str, key: &str) -> String {
    let mut out = String::from(at);
    out.push('.');
    out.push_str(key);
    out
}

/// A string field that must be there.
fn required_string(object: &JsValue, at: &str, key: &str) -> Read<String> {
    field(object, key)
        .and_then(|v| v.as_string())
        .ok_or_else(|| wrong(at, key, "a string"))
}

/// An optional string field: `None` when absent or `null`.
fn optional_string(object: &JsValue, at: &str, key: &str) -> Read<Option<String>> {
    match field(object, key) {
        None => Ok(None),
        Some(v) if v.is_null() => Ok(None),
        Some(v) => v
            .as_string()
            .map(Some)
            .ok_or_else(|| wrong(at, key, "a string")),
    }
}

/// A boolean field; false when absent.
fn boolean(object: &JsValue, at: &str, key: &str) -> Read<bool> {
    match field(object, key) {
        None => Ok(false),
        Some(v) => v.as_bool().ok_or_else(|| wrong(at, key, "true or false")),
    }
}

/// A whole number in `0..=max`; 0 when absent.
fn whole(object: &JsValue, at: &str, key: &str, max: u32, kind: &str) -> Read<u32> {
    match field(object, key) {
        None => Ok(0),
        Some(v) => v
            .as_f64()
            .filter(|n| n.fract() == 0.0 && (0.0..=f64::from(max)).contains(n))
            // Whole and within u32, so the conversion is exact.
            .map(|n| n as u32)
            .ok_or_else(|| wrong(at, key, kind)),
    }
}

/// A list field, each element read by `item`; empty when absent.
fn list<T>(
    object: &JsValue,
    at: &str,
    key: &str,
    item: impl Fn(&JsValue) -> Read<T>,
) -> Read<Vec<T>> {
    match field(object, key) {
        None => Ok(Vec::new()),
        Some(v) => elements(&v, at, key, item),
    }
}

/// A list field that must be there.
fn required_list<T>(
    object: &JsValue,
    at: &str,
    key: &str,
    item: impl Fn(&JsValue) -> Read<T>,
) -> Read<Vec<T>> {
    match field(object, key) {
        None => Err(wrong(at, key, "a list")),
        Some(v) => elements(&v, at, key, item),
    }
}

fn elements<T>(
    value: &JsValue,
    at: &str,
    key: &str,
    item: impl Fn(&JsValue) -> Read<T>,
) -> Read<Vec<T>> {
    if !Array::is_array(value) {
        return Err(wrong(at, key, "a list"));
    }
    Array::from(value).iter().map(|v| item(&v)).collect()
}

/// An element that must be a string.
fn string_item(at: &'static str) -> impl Fn(&JsValue) -> Read<String> {
    move |v| v.as_string().ok_or_else(|| wrong(at, "", "strings"))
}

/// An element that must be an object.
fn record<'a>(value: &'a JsValue, at: &str) -> Read<&'a JsValue> {
    if is_record(value) {
        Ok(value)
    } else {
        Err(wrong(at, "", "objects"))
    }
}

/// The extension's page scan (`docs/extension.md`).
pub(super) fn scan(value: &JsValue) -> Read<Scan> {
    const AT: &str = "scan";
    if !is_record(value) {
        return Err(wrong(AT, "", "an object"));
    }
    let message = match field(value, "message") {
        None => None,
        Some(v) if v.is_null() => None,
        Some(v) if is_record(&v) => Some(message(&v)?),
        Some(_) => return Err(wrong(AT, "message", "an object")),
    };
    let behaviour = match field(value, "behaviour") {
        None => Behaviour::default(),
        Some(v) if is_record(&v) => behaviour(&v)?,
        Some(_) => return Err(wrong(AT, "behaviour", "an object")),
    };
    Ok(Scan {
        url: string(value, AT, "url")?,
        title: string(value, AT, "title")?,
        lang: optional_string(value, AT, "lang")?,
        blocks: list(value, AT, "blocks", block)?,
        links: list(value, AT, "links", link)?,
        frames: list(value, AT, "frames", frame)?,
        notices: list(value, AT, "notices", notice)?,
        hidden_notices: whole(
            value,
            AT,
            "hiddenNotices",
            u32::MAX,
            "a whole number from 0 to 4294967295",
        )?,
        message,
        list_view: boolean(value, AT, "listView")?,
        behaviour,
    })
}

fn block(value: &JsValue) -> Read<Block> {
    const AT: &str = "scan.blocks[]";
    let value = record(value, "scan.blocks[]")?;
    let role = match field(value, "role") {
        None => BlockRole::default(),
        Some(v) => match v.as_string().as_deref() {
            Some("heading") => BlockRole::Heading,
            Some("text") => BlockRole::Text,
            Some("quote") => BlockRole::Quote,
            Some("list-item") => BlockRole::ListItem,
            Some("button") => BlockRole::Button,
            Some("label") => BlockRole::Label,
            Some("caption") => BlockRole::Caption,
            Some("pre") => BlockRole::Pre,
            // A role this version does not know: read as running text.
            Some(_) => BlockRole::Other,
            None => return Err(wrong(AT, "role", "a string")),
        },
    };
    Ok(Block {
        role,
        // At most 255, so the conversion is exact.
        level: whole(value, AT, "level", 255, "a whole number from 0 to 255")? as u8,
        text: text_field(value, AT, "text")?,
    })
}

fn link(value: &JsValue) -> Read<ScanLink> {
    const AT: &str = "scan.links[]";
    let value = record(value, AT)?;
    Ok(ScanLink {
        href: string(value, AT, "href")?,
        text: string(value, AT, "text")?,
    })
}

fn frame(value: &JsValue) -> Read<Frame> {
    const AT: &str = "scan.frames[]";
    let value = record(value, AT)?;
    Ok(Frame {
        url: string(value, AT, "url")?,
        same_origin: boolean(value, AT, "sameOrigin")?,
        covers_page: boolean(value, AT, "coversPage")?,
    })
}

fn notice(value: &JsValue) -> Read<ScanNotice> {
    const AT: &str = "scan.notices[]";
    let value = record(value, AT)?;
    Ok(ScanNotice {
        text: text_field(value, AT, "text")?,
        before: list(
            value,
            AT,
            "before",
            string_item("each of scan.notices[].before"),
        )?,
    })
}

fn message(value: &JsValue) -> Read<Message> {
    const AT: &str = "scan.message";
    Ok(Message {
        sender_name: string(value, AT, "senderName")?,
        sender_address: string(value, AT, "senderAddress")?,
        subject: string(value, AT, "subject")?,
        body: text_field(value, AT, "body")?,
        to: list(value, AT, "to", string_item("each of scan.message.to"))?,
    })
}

fn behaviour(value: &JsValue) -> Read<Behaviour> {
    const AT: &str = "scan.behaviour";
    Ok(Behaviour {
        fullscreen: boolean(value, AT, "fullscreen")?,
        pointer_lock: boolean(value, AT, "pointerLock")?,
        keyboard_lock: boolean(value, AT, "keyboardLock")?,
        before_unload: boolean(value, AT, "beforeUnload")?,
        dialog_loop: boolean(value, AT, "dialogLoop")?,
        history_flood: boolean(value, AT, "historyFlood")?,
        autoplay_audio: boolean(value, AT, "autoplayAudio")?,
    })
}

/// `{now, recipients?: string[]}`.
pub(super) fn scan_options(value: &JsValue) -> Read<ScanOptions> {
    const AT: &str = "options";
    if !is_record(value) {
        return Err(wrong(AT, "", "an object with the time (now)"));
    }
    Ok(ScanOptions {
        now: field(value, "now")
            .and_then(|v| v.as_f64())
            .ok_or_else(|| wrong(AT, "now", "a number of seconds"))?,
        recipients: list(
            value,
            AT,
            "recipients",
            string_item("each of options.recipients"),
        )?,
    })
}

/// The mail package's `readRawEmail` parts: every field but `calendar` is
/// required, as the mail package always gives them.
pub(super) fn email_parts(value: &JsValue) -> Read<RawParts> {
    const AT: &str = "parts";
    if !is_record(value) {
        return Err(wrong(AT, "", "an object"));
    }
    Ok(RawParts {
        from_name: required_string(value, AT, "fromName")?,
        from_address: required_string(value, AT, "fromAddress")?,
        reply_to: required_list(value, AT, "replyTo", string_item("each of parts.replyTo"))?,
        to: required_string(value, AT, "to")?,
        subject: required_string(value, AT, "subject")?,
        text: required_list(value, AT, "text", string_item("each of parts.text"))?,
        html: required_list(value, AT, "html", string_item("each of parts.html"))?,
        calendar: optional_string(value, AT, "calendar")?,
        auth_results: required_list(
            value,
            AT,
            "authResults",
            string_item("each of parts.authResults"),
        )?,
    })
}

/// `[{envelope, root, accepted?}]`.
pub(super) fn vendor_entries(value: &JsValue) -> Read<Vec<Entry>> {
    const AT: &str = "entries[]";
    if !Array::is_array(value) {
        return Err(wrong("entries", "", "a list"));
    }
    Array::from(value)
        .iter()
        .map(|v| {
            let v = record(&v, "entries")?;
            let accepted = match field(v, "accepted") {
                None => None,
                Some(a) if a.is_null() => None,
                Some(a) => {
                    Some(super::accepted_state(&a).ok_or_else(|| super::BAD_ACCEPTED.to_string())?)
                }
            };
            Ok(Entry {
                envelope: required_string(v, AT, "envelope")?,
                root: required_string(v, AT, "root")?,
                accepted,
            })
        })
        .collect()
}
