//! Nothing leaves the machine unasked, checked in the running app: its
//! content security policy refuses a request, an image and a script from
//! another address and an inline script, and the shell refuses commands the
//! window was not granted. `src-tauri/tests/acl.rs` reads the same rules from
//! the files the app is built from.

use afdaek_e2e::{App, make_demo_project};
use serde_json::json;

/// Tries what injected code would try, and reports what the CSP did: the
/// `securitypolicyviolation` events (directive and blocked address) and
/// whether anything got through.
const PROBE: &str = r#"
const seen = [];
document.addEventListener('securitypolicyviolation', e => seen.push(e.violatedDirective + ' ' + e.blockedURI));
const settle = () => new Promise(r => setTimeout(r, 400));
let fetched = 'no error';
try { await fetch('https://example.org/afdaek-csp-probe'); fetched = 'fetched'; } catch (e) { fetched = String(e); }
await new Promise(r => { const img = new Image(); img.onload = r; img.onerror = r; img.src = 'https://example.org/probe.png'; setTimeout(r, 2000); });
const remote = document.createElement('script');
remote.src = 'https://example.org/probe.js';
document.head.appendChild(remote);
const inline = document.createElement('script');
inline.textContent = 'window.__afdaekInlineRan = true';
document.head.appendChild(inline);
let evaluated = false;
try { evaluated = eval('true'); } catch (e) { evaluated = false; }
await settle();
done({ seen, fetched, inlineRan: window.__afdaekInlineRan === true, evaluated });
"#;

#[tokio::test(flavor = "multi_thread")]
async fn the_page_loads_nothing_from_elsewhere_and_calls_only_granted_commands() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let app = App::start_with(&make_demo_project(dir.path())?, Some("TST")).await?;
    app.wait_map_idle().await?;

    // The CSP, enforced by WebKit on the page the app serves.
    let probe = app.js_async(&format!("(async () => {{ {PROBE} }})()")).await?;
    eprintln!("CSP probe: {probe}");
    let seen: Vec<String> =
        probe["seen"].as_array().unwrap().iter().map(|v| v.as_str().unwrap_or_default().to_string()).collect();
    let refused = |directive: &str, what: &str| {
        assert!(
            seen.iter().any(|s| s.starts_with(directive) && s.contains(what)),
            "the CSP did not refuse {what} under {directive}: {seen:?}"
        )
    };
    refused("connect-src", "https://example.org");
    refused("img-src", "https://example.org");
    refused("script-src", "https://example.org");
    refused("script-src", "inline");
    assert_ne!(probe["fetched"], json!("fetched"));
    assert_eq!(probe["inlineRan"], json!(false), "an inline script ran");
    assert_eq!(probe["evaluated"], json!(false), "eval ran");

    // Everything the page loaded came through the app's own protocols.
    assert_eq!(app.js(afdaek_e2e::REMOTE_RESOURCES).await?, json!([]));

    // The shell: a granted command answers; a plugin command the window was
    // not granted (a message box), a command that is not the app's and a
    // plugin that is not installed are refused.
    let status = app.invoke("app_status", json!({})).await?;
    assert!(status.is_object(), "{status}");
    for (cmd, args) in [
        ("plugin:dialog|message", json!({"message": "probe"})),
        ("plugin:dialog|ask", json!({"message": "probe"})),
        ("plugin:fs|read_text_file", json!({"path": "/etc/passwd"})),
        ("plugin:shell|execute", json!({"program": "sh", "args": []})),
        ("ping", json!({"message": "hej"})),
        ("plugin:window|set_title", json!({"label": "main", "value": "x"})),
    ] {
        let err = app.invoke(cmd, args).await.expect_err(&format!("{cmd} must be refused"));
        eprintln!("{cmd}: {err}");
        let text = err.to_string();
        assert!(text.contains("not allowed") || text.contains("not found"), "{cmd}: {text}");
    }
    Ok(())
}
