use super::esc;
use crate::render::Format;
use crate::render::tests::render;

#[test]
fn escaping_covers_text_and_attributes() {
    assert_eq!(
        esc("<script>alert(\"x\")</script> & 'y'"),
        "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;"
    );
}

#[test]
fn hostile_names_appear_as_text_only() {
    let html = render(Format::Html);
    assert!(!html.contains("<script"), "a script tag got through");
    assert!(!html.contains("<img"), "an img tag got through");
    assert!(!html.contains("<b>"), "markup in a name got through");
    assert!(html.contains(
        "&lt;b&gt;Virtual&lt;/b&gt; agent *L1* &lt;script&gt;alert(1)&lt;/script&gt; &quot;&gt;&lt;img src=x onerror=alert(2)&gt; &amp; &#39;co&#39;"
    ));
}

#[test]
fn the_page_loads_nothing_and_runs_nothing() {
    let html = render(Format::Html);
    assert!(html.contains(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">"
    ));
    for forbidden in ["http://", "https://", "<script", "<link", "@import", "url("] {
        assert!(!html.contains(forbidden), "{forbidden} in the page");
    }
    // The SVG namespace is implied in HTML; no external reference is needed.
    assert_eq!(html.matches("<svg").count(), html.matches("</svg>").count());
}
