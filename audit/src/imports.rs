//! Which crate a macro path names, from the file's `use` items and the
//! package's dependencies: `tracing::error`, `error` after
//! `use tracing::error`, `oops` after `use tracing::error as oops`,
//! `t::error` after `use tracing as t`, a bare `error` after a glob import or
//! `#[macro_use] extern crate log`.
//!
//! The resolution is syntactic and file-wide: a `use` anywhere in the file
//! counts for the whole file. That is what a reader assumes too, and a file
//! that imports `error` from two crates in two modules is rare enough.

use std::collections::HashMap;

use syn::visit::Visit;

use crate::scan::Kind;

/// A crate the audit knows the macros of.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Crate {
    Tracing,
    Log,
    TracingAttributes,
    /// safe-log itself: its macros, `instrument` and `derive(SafeLog)` are
    /// checked for credential-like names only.
    SafeLog,
    Std,
    /// The crate being scanned: `crate::`, `self::`, `super::` paths. Its
    /// macros are logging macros if they forward to one (see `wrappers`).
    Local,
    /// Anything else: a local module, another crate. Its names shadow.
    Other,
}

impl Crate {
    /// The crate a Cargo package name stands for.
    pub(crate) fn of_package(package: &str) -> Crate {
        match package {
            "tracing" => Crate::Tracing,
            "log" => Crate::Log,
            "tracing-attributes" | "tracing_attributes" => Crate::TracingAttributes,
            "safe-log" | "safe_log" => Crate::SafeLog,
            _ => Crate::Other,
        }
    }
}

/// A resolved path: the crate and the item's path inside it.
pub(crate) type Resolved = (Crate, Vec<String>);

/// The crate names a package's code can use: the extern prelude (with Cargo
/// renames) and the crates imported with `#[macro_use] extern crate`.
#[derive(Clone, Debug)]
pub(crate) struct CrateNames {
    names: HashMap<String, Crate>,
    macro_use: Vec<Crate>,
    /// The package's own macros that forward to a logging macro (hyper's
    /// `macro_rules! debug { ($($t:tt)+) => { tracing::debug!($($t)+) } }`),
    /// and its `pub use log::debug;` re-exports.
    wrappers: HashMap<String, Kind>,
}

impl Default for CrateNames {
    fn default() -> CrateNames {
        let names = [
            ("tracing", Crate::Tracing),
            ("log", Crate::Log),
            ("tracing_attributes", Crate::TracingAttributes),
            ("safe_log", Crate::SafeLog),
            ("std", Crate::Std),
            ("core", Crate::Std),
            ("alloc", Crate::Std),
        ];
        CrateNames {
            names: names
                .into_iter()
                .map(|(name, krate)| (name.to_owned(), krate))
                .collect(),
            macro_use: Vec::new(),
            wrappers: HashMap::new(),
        }
    }
}

impl CrateNames {
    /// Records a macro of the package that forwards to a logging macro.
    pub(crate) fn add_wrapper(&mut self, name: String, kind: Kind) {
        self.wrappers.entry(name).or_insert(kind);
    }

    /// The logging macro that the package's macro `name` forwards to.
    pub(crate) fn wrapper(&self, name: &str) -> Option<Kind> {
        self.wrappers.get(name).copied()
    }

    /// Records a dependency, renamed (`tr = { package = "tracing" }`) or not.
    pub(crate) fn add_dependency(&mut self, package: &str, rename: Option<&str>) {
        let krate = Crate::of_package(package);
        let name = rename.unwrap_or(package).replace('-', "_");
        if krate != Crate::Other {
            self.names.insert(name, krate);
        } else if self.names.get(&name).is_some_and(|&k| k != Crate::Std) {
            // A dependency named `log` that is not the log crate.
            self.names.insert(name, Crate::Other);
        }
    }

    /// Records the `#[macro_use] extern crate` items of a crate root.
    pub(crate) fn add_macro_use_of(&mut self, root: &syn::File) {
        for item in &root.items {
            if let syn::Item::ExternCrate(item) = item {
                if has_macro_use(&item.attrs) {
                    let krate = self.crate_named(&item.ident.to_string());
                    if krate != Crate::Other && !self.macro_use.contains(&krate) {
                        self.macro_use.push(krate);
                    }
                }
            }
        }
    }

    fn crate_named(&self, name: &str) -> Crate {
        self.names.get(name).copied().unwrap_or(Crate::Other)
    }
}

fn has_macro_use(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|attr| attr.path().is_ident("macro_use"))
}

/// The names one file imports, resolved against its package's crates.
pub(crate) struct Imports<'a> {
    crates: &'a CrateNames,
    /// `use tracing as t;`, `extern crate tracing as t;`
    local_crates: HashMap<String, Crate>,
    /// `use tracing::error as oops;` gives `oops` -> (tracing, [error]).
    names: HashMap<String, Resolved>,
    /// `use tracing::*;` gives (tracing, []).
    globs: Vec<Resolved>,
    /// `#[macro_use] extern crate log;` in this file.
    macro_use: Vec<Crate>,
    /// The names of `pub use` imports.
    public: Vec<String>,
}

impl<'a> Imports<'a> {
    /// Collects the imports of every `use` and `extern crate` in the file.
    pub(crate) fn collect(file: &syn::File, crates: &'a CrateNames) -> Imports<'a> {
        let mut collector = Collector::default();
        collector.visit_file(file);
        let mut imports = Imports {
            crates,
            local_crates: HashMap::new(),
            names: HashMap::new(),
            globs: Vec::new(),
            macro_use: Vec::new(),
            public: Vec::new(),
        };
        for (name, alias, macro_use) in collector.extern_crates {
            let krate = crates.crate_named(&name);
            if macro_use && krate != Crate::Other {
                imports.macro_use.push(krate);
            }
            if let Some(alias) = alias {
                imports.local_crates.insert(alias, krate);
            }
        }
        // Two rounds: the second resolves `use t::error;` after `use tracing as t;`.
        let mut pending = collector.uses;
        for _ in 0..2 {
            let mut unresolved = Vec::new();
            for import in pending {
                match imports.use_root(&import.path) {
                    Some(resolved) => imports.add(import, resolved),
                    None => unresolved.push(import),
                }
            }
            pending = unresolved;
        }
        for import in pending {
            // A module or crate the audit does not know: its names shadow.
            let path = import.path.clone();
            imports.add(import, (Crate::Other, path));
        }
        imports
    }

    fn add(&mut self, import: Use, (krate, path): Resolved) {
        if let (true, Some(name)) = (import.public, &import.name) {
            self.public.push(name.clone());
        }
        match import.name {
            None => self.globs.push((krate, path)),
            Some(name) if path.is_empty() => {
                self.local_crates.insert(name, krate);
            }
            Some(name) => {
                self.names.insert(name, (krate, path));
            }
        }
    }

    /// Resolves the root of a `use` path (`tracing::field::debug` gives
    /// (tracing, [field, debug])), or `None` if its first segment is not known
    /// yet.
    pub(crate) fn use_root(&self, path: &[String]) -> Option<Resolved> {
        let (first, rest) = path.split_first()?;
        if matches!(first.as_str(), "crate" | "self" | "super") {
            return Some((Crate::Local, local_path(rest)));
        }
        if let Some(&krate) = self.local_crates.get(first) {
            return Some((krate, rest.to_vec()));
        }
        if let Some((krate, prefix)) = self.names.get(first) {
            return Some((*krate, [prefix.as_slice(), rest].concat()));
        }
        let krate = *self.crates.names.get(first)?;
        Some((krate, rest.to_vec()))
    }

    /// Resolves a path as written at a use site. For a bare name, `known`
    /// decides between the candidates of glob imports and `#[macro_use]`.
    pub(crate) fn resolve(
        &self,
        leading_colon: bool,
        path: &[String],
        known: impl Fn(Crate, &[String]) -> bool,
    ) -> Option<Resolved> {
        let (first, rest) = path.split_first()?;
        if leading_colon {
            let krate = self.crates.crate_named(first);
            return Some((krate, rest.to_vec()));
        }
        if let Some((krate, prefix)) = self.names.get(first) {
            return Some((*krate, [prefix.as_slice(), rest].concat()));
        }
        if !rest.is_empty() && matches!(first.as_str(), "crate" | "self" | "super") {
            return Some((Crate::Local, local_path(rest)));
        }
        if !rest.is_empty() {
            let krate = match self.local_crates.get(first) {
                Some(&krate) => krate,
                None => self.crates.crate_named(first),
            };
            return Some((krate, rest.to_vec()));
        }
        let globs = self.globs.iter().map(|(krate, prefix)| {
            let mut path = prefix.clone();
            path.push(first.clone());
            (*krate, path)
        });
        let macro_use = self
            .macro_use
            .iter()
            .chain(&self.crates.macro_use)
            .map(|&krate| (krate, vec![first.clone()]));
        let prelude = std::iter::once((Crate::Std, vec![first.clone()]));
        globs
            .chain(macro_use)
            .chain(prelude)
            .find(|(krate, path)| known(*krate, path))
    }
}

impl Imports<'_> {
    /// Whether the file imports `name` with a `use` (its own name wins over a
    /// macro of the package with the same name).
    pub(crate) fn imports(&self, name: &str) -> bool {
        self.names.contains_key(name)
    }

    /// What a glob import of this file (`use log::*;`) brings in under
    /// `name`, among the items `known` accepts.
    pub(crate) fn glob(
        &self,
        name: &str,
        known: impl Fn(Crate, &[String]) -> bool,
    ) -> Option<Resolved> {
        self.globs
            .iter()
            .map(|(krate, prefix)| {
                let mut path = prefix.clone();
                path.push(name.to_owned());
                (*krate, path)
            })
            .find(|(krate, path)| known(*krate, path))
    }

    /// The names this file re-exports (`pub use`, `pub(crate) use`), resolved.
    pub(crate) fn reexports(&self) -> impl Iterator<Item = (&str, &Resolved)> {
        self.public
            .iter()
            .filter_map(|name| Some((name.as_str(), self.names.get(name)?)))
    }
}

/// A crate-relative path without its `super::`/`self::` hops.
fn local_path(rest: &[String]) -> Vec<String> {
    rest.iter()
        .filter(|segment| !matches!(segment.as_str(), "self" | "super" | "crate"))
        .cloned()
        .collect()
}

/// One imported name: `path` is the full path, `name` the local name (`None`
/// for a glob).
struct Use {
    path: Vec<String>,
    name: Option<String>,
    /// From a `pub use` (any visibility but private).
    public: bool,
}

#[derive(Default)]
struct Collector {
    uses: Vec<Use>,
    extern_crates: Vec<(String, Option<String>, bool)>,
}

impl Collector {
    fn tree(&mut self, prefix: &mut Vec<String>, tree: &syn::UseTree) {
        match tree {
            syn::UseTree::Path(path) => {
                prefix.push(path.ident.to_string());
                self.tree(prefix, &path.tree);
                prefix.pop();
            }
            syn::UseTree::Name(name) => self.name(prefix, &name.ident, &name.ident),
            syn::UseTree::Rename(rename) => self.name(prefix, &rename.ident, &rename.rename),
            syn::UseTree::Glob(_) => self.uses.push(Use {
                path: prefix.clone(),
                name: None,
                public: false,
            }),
            syn::UseTree::Group(group) => {
                for tree in &group.items {
                    self.tree(prefix, tree);
                }
            }
        }
    }

    fn name(&mut self, prefix: &[String], ident: &syn::Ident, local: &syn::Ident) {
        let ident = ident.to_string();
        let local = local.to_string();
        if local == "_" {
            return;
        }
        let mut path = prefix.to_vec();
        if ident == "self" {
            // `use tracing::{self}` names the prefix; `use tracing::{self as t}` renames it.
            let Some(last) = path.last() else { return };
            let name = if local == "self" { last.clone() } else { local };
            self.uses.push(Use {
                path,
                name: Some(name),
                public: false,
            });
            return;
        }
        path.push(ident);
        self.uses.push(Use {
            path,
            name: Some(local),
            public: false,
        });
    }
}

impl<'ast> Visit<'ast> for Collector {
    fn visit_item_use(&mut self, item: &'ast syn::ItemUse) {
        let first = self.uses.len();
        self.tree(&mut Vec::new(), &item.tree);
        if !matches!(item.vis, syn::Visibility::Inherited) {
            for import in &mut self.uses[first..] {
                import.public = true;
            }
        }
    }

    fn visit_item_extern_crate(&mut self, item: &'ast syn::ItemExternCrate) {
        self.extern_crates.push((
            item.ident.to_string(),
            item.rename.as_ref().map(|(_, alias)| alias.to_string()),
            has_macro_use(&item.attrs),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::{Crate, CrateNames, Imports};

    fn resolve(source: &str, crates: &CrateNames, path: &str) -> Option<(Crate, String)> {
        let file = syn::parse_file(source).unwrap();
        let imports = Imports::collect(&file, crates);
        let leading_colon = path.starts_with("::");
        let segments: Vec<String> = path
            .trim_start_matches("::")
            .split("::")
            .map(str::to_owned)
            .collect();
        let known = |krate: Crate, path: &[String]| match (krate, path) {
            (Crate::Tracing | Crate::Log, [name]) => name == "error",
            (Crate::Std, [name]) => name == "println",
            _ => false,
        };
        imports
            .resolve(leading_colon, &segments, known)
            .map(|(krate, path)| (krate, path.join("::")))
    }

    #[test]
    fn every_import_form() {
        let crates = CrateNames::default();
        let r = |src: &str, path: &str| resolve(src, &crates, path);
        let tracing_error = Some((Crate::Tracing, "error".to_owned()));
        let log_error = Some((Crate::Log, "error".to_owned()));
        assert_eq!(r("", "tracing::error"), tracing_error);
        assert_eq!(r("", "::tracing::error"), tracing_error);
        assert_eq!(r("use tracing::error;", "error"), tracing_error);
        assert_eq!(r("use ::tracing::{info, error};", "error"), tracing_error);
        assert_eq!(r("use tracing::error as oops;", "oops"), tracing_error);
        assert_eq!(r("use tracing as t;", "t::error"), tracing_error);
        assert_eq!(r("use tracing::{self as t};", "t::error"), tracing_error);
        assert_eq!(r("extern crate log as l;", "l::error"), log_error);
        assert_eq!(r("use l::error; use log as l;", "error"), log_error);
        assert_eq!(r("use log::*;", "error"), log_error);
        assert_eq!(r("#[macro_use] extern crate log;", "error"), log_error);
        assert_eq!(
            r("use tracing::field;", "field::debug"),
            Some((Crate::Tracing, "field::debug".to_owned()))
        );
        // Not logging: no import, a local import, a shadowing import.
        assert_eq!(r("", "error"), None);
        let other = |src: &str, path: &str| r(src, path).map(|(krate, _)| krate);
        assert_eq!(other("use crate::log::error;", "error"), Some(Crate::Local));
        assert_eq!(other("use my::error;", "error"), Some(Crate::Other));
        assert_eq!(other("use crate::log;", "log::error"), Some(Crate::Local));
        assert_eq!(other("", "crate::log::error"), Some(Crate::Local));
        assert_eq!(other("", "super::error"), Some(Crate::Local));
        assert_eq!(other("", "mylog::error"), Some(Crate::Other));
        assert_eq!(r("", "println"), Some((Crate::Std, "println".to_owned())));
    }

    #[test]
    fn cargo_renames_and_macro_use_in_the_crate_root() {
        let mut crates = CrateNames::default();
        crates.add_dependency("tracing", Some("tr"));
        crates.add_dependency("my-log", Some("log"));
        crates.add_macro_use_of(&syn::parse_file("#[macro_use] extern crate tr;").unwrap());
        assert_eq!(
            resolve("", &crates, "tr::error"),
            Some((Crate::Tracing, "error".to_owned()))
        );
        assert_eq!(
            resolve("", &crates, "error"),
            Some((Crate::Tracing, "error".to_owned()))
        );
        assert_eq!(
            resolve("", &crates, "log::error"),
            Some((Crate::Other, "error".to_owned()))
        );
    }
}
