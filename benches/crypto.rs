//! Directory verification, notice verification and notice signing with the
//! embedded demo directory and the demo staff key. Reported in
//! docs/benchmarks.md; never asserted.

#![allow(missing_docs)] // criterion_group! generates an undocumented public function.

use countersign::demo;
use countersign::directory::{Channel, VerifiedDirectory};
use countersign::keys::SecretKey;
use countersign::notice::{issue_notice, NoticeRequest, SignedNotice, VerifyOptions};
use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;

fn staff_key() -> SecretKey {
    SecretKey::parse(include_str!("../demo/keys/staff.secret"))
        .unwrap_or_else(|_| std::process::abort())
}

fn request() -> NoticeRequest {
    NoticeRequest {
        channel: Some(Channel::Email),
        agent: "Dana Whitfield".into(),
        contact: "support@northwind.example".into(),
        ticket: Some("NW-482913".into()),
        recipient: Some("ada@example.org".into()),
        body: Some("Hello Ada, your renewal for ticket NW-482913 is confirmed.".into()),
        ..NoticeRequest::default()
    }
}

fn benches(c: &mut Criterion) {
    let now = demo::DEMO_NOW;
    let root = demo::root().unwrap_or_else(|_| std::process::abort());
    let directory = demo::directory(now).unwrap_or_else(|_| std::process::abort());
    let key = staff_key();
    let issued =
        issue_notice(&request(), &key, &directory, now).unwrap_or_else(|_| std::process::abort());
    let options = VerifyOptions {
        now,
        recipient: Some("ada@example.org"),
        body: None,
    };

    c.bench_function("directory verify (demo, 3.4 KB)", |b| {
        b.iter(|| {
            VerifiedDirectory::verify(black_box(demo::DIRECTORY.as_bytes()), &root, now, None)
        })
    });
    c.bench_function("notice verify (armored email notice)", |b| {
        b.iter(|| {
            SignedNotice::parse_any(black_box(&issued.armor))
                .map(|n| n.verify(&directory, &options))
        })
    });
    c.bench_function("notice sign (issue: build, sign, self-check)", |b| {
        b.iter(|| issue_notice(black_box(&request()), &key, &directory, now))
    });
    let claims = issued.verified.claims.clone();
    c.bench_function("notice sign (signature only)", |b| {
        b.iter(|| black_box(&claims).sign(&key))
    });
}

criterion_group! {
    name = crypto;
    config = Criterion::default().sample_size(50).measurement_time(std::time::Duration::from_secs(3));
    targets = benches
}
criterion_main!(crypto);
