//! Compile-fail and compile-pass cases: each `.stderr` is the exact message a
//! user sees.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("ui/leak/*.rs");
    t.compile_fail("ui/attr/*.rs");
    t.compile_fail("ui/shape/*.rs");
    t.compile_fail("ui/macro/*.rs");
    t.compile_fail("ui/span/*.rs");
    t.pass("ui/pass/*.rs");
}
