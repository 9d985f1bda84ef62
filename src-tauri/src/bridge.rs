//! The UI's typed bridge, generated from the Rust definitions: one TypeScript call per
//! `#[tauri::command]` (read from the commands' own signatures), the types only this crate
//! defines, and a typed listener per event the window receives. Written to
//! `ui/src/lib/ipc/calls.ts`; the test fails when the committed file is stale, and when a
//! command is missing from `generate_handler!`. `UPDATE_BINDINGS=1` rewrites the file.

use std::collections::BTreeSet;
use std::fmt::Write;
use std::path::{Path, PathBuf};

use syn::{FnArg, GenericArgument, Item, Pat, PathArguments, ReturnType, Type};
use ts_rs::{Config, TS};

use crate::commands::accounts::SyncStatus;
use crate::commands::accounts::WebhookSetup;
use crate::events::{FILES_OFFERED_EVENT, INBOX_EVENT, OPEN_CONVERSATION_EVENT, RELOAD_EVENT};
use crate::files::FileOffer;
use crate::notifications::Words;

/// Parameters Tauri fills in itself; the window never passes them.
const INJECTED: [&str; 4] = ["State", "AppHandle", "Window", "WebviewWindow"];
/// Past this many parameters a call takes one object, so the arguments are named at the call.
const MAX_POSITIONAL: usize = 3;

struct Command {
    name: String,
    docs: Vec<String>,
    params: Vec<(String, Type)>,
    returns: Option<Type>,
}

fn crate_dir() -> PathBuf {
    // As cargo gives it at run time: a test binary reused by another checkout must read this one.
    PathBuf::from(
        std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").into()),
    )
}

fn commands_in(file: &Path) -> Vec<Command> {
    let source = std::fs::read_to_string(file).unwrap();
    let parsed = syn::parse_file(&source).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    let mut out = Vec::new();
    for item in parsed.items {
        let Item::Fn(f) = item else { continue };
        let is_command = f.attrs.iter().any(|a| {
            let segments: Vec<_> = a
                .path()
                .segments
                .iter()
                .map(|s| s.ident.to_string())
                .collect();
            segments == ["tauri", "command"]
        });
        if !is_command {
            continue;
        }
        let docs = f
            .attrs
            .iter()
            .filter(|a| a.path().is_ident("doc"))
            .filter_map(|a| match &a.meta {
                syn::Meta::NameValue(nv) => match &nv.value {
                    syn::Expr::Lit(syn::ExprLit {
                        lit: syn::Lit::Str(s),
                        ..
                    }) => Some(s.value().trim().to_owned()),
                    _ => None,
                },
                _ => None,
            })
            .collect();
        let params = f
            .sig
            .inputs
            .iter()
            .filter_map(|input| {
                let FnArg::Typed(arg) = input else {
                    return None;
                };
                let Pat::Ident(name) = &*arg.pat else {
                    return None;
                };
                let injected = last_segment(&arg.ty)
                    .is_some_and(|s| INJECTED.contains(&s.ident.to_string().as_str()));
                (!injected).then(|| (name.ident.to_string(), (*arg.ty).clone()))
            })
            .collect();
        let returns = match &f.sig.output {
            ReturnType::Default => None,
            ReturnType::Type(_, ty) => Some((**ty).clone()),
        };
        out.push(Command {
            name: f.sig.ident.to_string(),
            docs,
            params,
            returns,
        });
    }
    out
}

fn last_segment(ty: &Type) -> Option<&syn::PathSegment> {
    match ty {
        Type::Path(p) => p.path.segments.last(),
        Type::Reference(r) => last_segment(&r.elem),
        _ => None,
    }
}

fn type_args(segment: &syn::PathSegment) -> Vec<&Type> {
    match &segment.arguments {
        PathArguments::AngleBracketed(a) => a
            .args
            .iter()
            .filter_map(|g| match g {
                GenericArgument::Type(t) => Some(t),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// The TypeScript for a Rust type as serde writes it; named types are collected in `used`.
fn ts(ty: &Type, used: &mut BTreeSet<String>) -> String {
    if let Type::Tuple(t) = ty {
        assert!(t.elems.is_empty(), "tuples do not cross the bridge");
        return "null".into();
    }
    let segment = last_segment(ty).unwrap_or_else(|| panic!("a type the bridge cannot name"));
    let name = segment.ident.to_string();
    let args = type_args(segment);
    match name.as_str() {
        "String" | "str" | "PathBuf" => "string".into(),
        "bool" => "boolean".into(),
        "i8" | "i16" | "i32" | "i64" | "u8" | "u16" | "u32" | "u64" | "f32" | "f64" | "usize"
        | "isize" | "AccountId" | "ConversationId" | "MessageId" => "number".into(),
        "Option" => format!("{} | null", ts(args[0], used)),
        "Vec" => {
            let inner = ts(args[0], used);
            if inner.contains(' ') {
                format!("({inner})[]")
            } else {
                format!("{inner}[]")
            }
        }
        "CommandResult" | "Result" => ts(args[0], used),
        _ => {
            used.insert(name.clone());
            name
        }
    }
}

fn camel(snake: &str) -> String {
    let mut out = String::new();
    let mut upper = false;
    for ch in snake.chars() {
        if ch == '_' {
            upper = true;
        } else if upper {
            out.extend(ch.to_uppercase());
            upper = false;
        } else {
            out.push(ch);
        }
    }
    out
}

fn is_option(ty: &Type) -> bool {
    last_segment(ty).is_some_and(|s| s.ident == "Option")
}

fn call(c: &Command, used: &mut BTreeSet<String>) -> String {
    let returns = match &c.returns {
        Some(t) => match ts(t, used).as_str() {
            "null" => "void".to_owned(),
            other => other.to_owned(),
        },
        None => "void".into(),
    };
    let mut out = String::new();
    if !c.docs.is_empty() {
        let _ = writeln!(out, "/** {} */", c.docs.join(" "));
    }
    let fields: Vec<(String, String, bool)> = c
        .params
        .iter()
        .map(|(n, t)| (camel(n), ts(t, used), is_option(t)))
        .collect();
    let fn_name = camel(&c.name);
    if fields.is_empty() {
        let _ = writeln!(
            out,
            "export const {fn_name} = () => invoke<{returns}>(\"{}\");",
            c.name
        );
    } else if fields.len() > MAX_POSITIONAL {
        let shape: Vec<String> = fields.iter().map(|(n, t, _)| format!("{n}: {t}")).collect();
        let _ = writeln!(
            out,
            "export const {fn_name} = (args: {{ {} }}) => invoke<{returns}>(\"{}\", args);",
            shape.join("; "),
            c.name
        );
    } else {
        // Trailing optional parameters may be left out; they go to Rust as null.
        let first_optional = fields
            .iter()
            .rposition(|f| !f.2)
            .map_or(0, |last_required| last_required + 1);
        let (params, values): (Vec<String>, Vec<String>) = fields
            .iter()
            .enumerate()
            .map(|(i, (n, t, _))| {
                if i >= first_optional {
                    (format!("{n}?: {t}"), format!("{n}: {n} ?? null"))
                } else {
                    (format!("{n}: {t}"), n.clone())
                }
            })
            .unzip();
        let _ = writeln!(
            out,
            "export const {fn_name} = ({}) =>\n  invoke<{returns}>(\"{}\", {{ {} }});",
            params.join(", "),
            c.name,
            values.join(", ")
        );
    }
    out
}

/// The commands registered in main.rs's `generate_handler!`, by name.
fn registered() -> BTreeSet<String> {
    let main = std::fs::read_to_string(crate_dir().join("src/main.rs")).unwrap();
    let start = main
        .find("generate_handler![")
        .expect("generate_handler! in main.rs");
    let list = &main[start + "generate_handler![".len()..];
    let list = &list[..list.find(']').unwrap()];
    list.split(',')
        .map(|path| path.trim().rsplit("::").next().unwrap_or("").to_owned())
        .filter(|name| !name.is_empty())
        .collect()
}

fn all_commands() -> Vec<Command> {
    let mut files: Vec<_> = std::fs::read_dir(crate_dir().join("src/commands"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .collect();
    files.sort();
    files.iter().flat_map(|f| commands_in(f)).collect()
}

fn generated() -> String {
    let cfg = Config::new().with_large_int("number");
    let mut used = BTreeSet::new();
    let calls: Vec<String> = all_commands().iter().map(|c| call(c, &mut used)).collect();
    let events = [
        (
            "onInbox",
            INBOX_EVENT,
            core_type::<sportello_core::CoreEvent>(&cfg, &mut used),
        ),
        ("onInboxReload", RELOAD_EVENT, "null".to_owned()),
        (
            "onOpenConversation",
            OPEN_CONVERSATION_EVENT,
            "number".to_owned(),
        ),
        (
            "onFilesOffered",
            FILES_OFFERED_EVENT,
            "FileOffer".to_owned(),
        ),
    ];
    let local = [
        SyncStatus::decl(&cfg),
        WebhookSetup::decl(&cfg),
        FileOffer::decl(&cfg),
        Words::decl(&cfg),
        crate::damage::StoreDamage::decl(&cfg),
    ];
    let local_names = [
        "SyncStatus",
        "WebhookSetup",
        "FileOffer",
        "Words",
        "StoreDamage",
    ];
    // The local types name core types too.
    for dependency in SyncStatus::dependencies(&cfg)
        .into_iter()
        .chain(WebhookSetup::dependencies(&cfg))
    {
        used.insert(dependency.ts_name);
    }
    let imported: Vec<_> = used
        .iter()
        .filter(|n| !local_names.contains(&n.as_str()))
        .cloned()
        .collect();

    let mut out = String::from(
        "// Generated from src-tauri (commands, events) by `UPDATE_BINDINGS=1 cargo test -p sportello bridge`.\n// Do not edit by hand.\n\n",
    );
    out.push_str("import { invoke } from \"@tauri-apps/api/core\";\n");
    out.push_str("import { listen, type UnlistenFn } from \"@tauri-apps/api/event\";\n");
    let _ = writeln!(
        out,
        "import type {{ {} }} from \"./bindings\";\n",
        imported.join(", ")
    );
    for d in &local {
        let _ = writeln!(out, "export {d}\n");
    }
    for c in calls {
        out.push_str(&c);
    }
    out.push('\n');
    for (name, event, payload) in events {
        let _ = writeln!(
            out,
            "export const {name} = (handle: (payload: {payload}) => void): Promise<UnlistenFn> =>\n  listen<{payload}>(\"{event}\", (e) => handle(e.payload));"
        );
    }
    out
}

fn core_type<T: TS>(cfg: &Config, used: &mut BTreeSet<String>) -> String {
    let name = T::name(cfg);
    used.insert(name.clone());
    name
}

#[test]
fn every_command_is_registered_and_every_registered_one_is_a_command() {
    let defined: BTreeSet<String> = all_commands().into_iter().map(|c| c.name).collect();
    assert_eq!(defined, registered());
}

#[test]
fn bridge_is_current() {
    let path = crate_dir().join("../ui/src/lib/ipc/calls.ts");
    let fresh = generated();
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        std::fs::write(&path, fresh).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == fresh,
        "ui/src/lib/ipc/calls.ts is stale: run `make bindings` and commit it"
    );
}
