//! The `use` items that import tracing's and log's logging macros:
//! `use tracing::{info, warn};` becomes `use safe_log::{info, warn};`, and
//! a group that also imports other items (`Level`, `Span`) keeps them and
//! gains a `use safe_log::{...};` after it.

use proc_macro2::LineColumn;
use syn::visit::Visit;

use crate::imports::{Crate, Imports};
use crate::scan::{Edit, Imported, migrated_name};
use crate::source::{Position, Source};

/// The edits that move a file's imports of logging macros to `safe_log`.
pub(super) fn rewrite(source: &Source<'_>, file: &syn::File, imports: &Imports<'_>) -> Vec<Edit> {
    let mut finder = Uses {
        source,
        imports,
        edits: Vec::new(),
    };
    finder.visit_file(file);
    finder.edits
}

struct Uses<'a> {
    source: &'a Source<'a>,
    imports: &'a Imports<'a>,
    edits: Vec<Edit>,
}

/// One imported name of a `use` item.
struct Leaf {
    /// `info` or `info as log_info`, as written.
    text: String,
    /// What it becomes; `None`: it stays.
    target: Option<Imported>,
    /// The range that removing it deletes: the name, its comma and the
    /// space after it.
    removal: (LineColumn, LineColumn),
}

impl<'ast> Visit<'ast> for Uses<'_> {
    fn visit_item_use(&mut self, item: &'ast syn::ItemUse) {
        let mut leaves = Vec::new();
        let mut globs = false;
        self.leaves(&mut Vec::new(), &item.tree, &mut leaves, &mut globs);
        if leaves.iter().all(|leaf| leaf.target.is_none()) {
            return;
        }
        let kept = globs || leaves.iter().any(|leaf| leaf.target.is_none());
        let imported: Vec<&str> = leaves
            .iter()
            .filter_map(|leaf| match &leaf.target {
                Some(Imported::Same(_)) => Some(leaf.text.as_str()),
                _ => None,
            })
            .collect();
        let semi = item.semi_token.spans[0].end();
        if !kept {
            if let Some(root) = self.crate_root(&item.tree, &leaves) {
                // `use tracing::{info, warn};`: only the crate's name changes.
                self.edit(root, "safe_log".to_owned());
                return;
            }
            let tree_start = first_token(&item.tree);
            if imported.is_empty() {
                self.remove_item(item);
            } else {
                self.edit(
                    (tree_start, item.semi_token.spans[0].start()),
                    safe_log_tree(&imported),
                );
            }
            return;
        }
        for leaf in leaves.iter().filter(|leaf| leaf.target.is_some()) {
            self.edit(leaf.removal, String::new());
        }
        if !imported.is_empty() {
            let start = item_start(item);
            let prefix = self.source.slice(
                Position::of(start),
                Position::of(item.use_token.span.start()),
            );
            let indent: String = self
                .source
                .line(start.line)
                .chars()
                .take_while(|c| c.is_whitespace())
                .collect();
            let added = format!("\n{indent}{prefix}use {};", safe_log_tree(&imported));
            self.edit((semi, semi), added);
        }
    }
}

impl Uses<'_> {
    fn edit(&mut self, (start, end): (LineColumn, LineColumn), text: String) {
        self.edits.push(Edit {
            start: Position::of(start),
            end: Position::of(end),
            text,
        });
    }

    /// Collects the names a use tree imports, with what each becomes.
    fn leaves(
        &self,
        prefix: &mut Vec<String>,
        tree: &syn::UseTree,
        out: &mut Vec<Leaf>,
        globs: &mut bool,
    ) {
        let (ident, rename) = match tree {
            syn::UseTree::Path(path) => {
                prefix.push(path.ident.to_string());
                self.leaves(prefix, &path.tree, out, globs);
                prefix.pop();
                return;
            }
            syn::UseTree::Group(group) => {
                let items: Vec<_> = group.items.pairs().collect();
                // Each item's leaves, and whether all of them go.
                let mut gone = Vec::with_capacity(items.len());
                for pair in &items {
                    let first = out.len();
                    let mut glob = false;
                    self.leaves(prefix, pair.value(), out, &mut glob);
                    *globs |= glob;
                    let all = !glob && out[first..].iter().all(|leaf| leaf.target.is_some());
                    gone.push((first..out.len(), all && out.len() > first));
                }
                // An item goes with its comma and the space up to the next
                // item; after the last item kept, the items go with the
                // comma before them, so that `{Level, info}` gives `{Level}`.
                let last_kept = gone.iter().rposition(|(_, all)| !all);
                for (i, (range, all)) in gone.iter().enumerate() {
                    if !all {
                        continue;
                    }
                    let start = first_token(items[i].value());
                    let removal = match (last_kept, items.get(i + 1)) {
                        (Some(kept), _) if i > kept => (
                            last_token(items[kept].value()),
                            last_token(items[i].value()),
                        ),
                        (_, Some(next)) => (start, first_token(next.value())),
                        (_, None) => match items[i].punct() {
                            Some(comma) => (start, comma.spans[0].end()),
                            None => (start, last_token(items[i].value())),
                        },
                    };
                    for leaf in &mut out[range.clone()] {
                        leaf.removal = removal;
                    }
                }
                return;
            }
            syn::UseTree::Glob(_) => {
                *globs = true;
                return;
            }
            syn::UseTree::Name(name) => (&name.ident, None),
            syn::UseTree::Rename(rename) => (&rename.ident, Some(&rename.rename)),
        };
        let start = ident.span().start();
        let end = rename.map_or(ident.span().end(), |rename| rename.span().end());
        let mut path = prefix.clone();
        path.push(ident.to_string());
        let target = self
            .imports
            .use_root(&path)
            .filter(|(krate, _)| {
                matches!(
                    krate,
                    Crate::Tracing | Crate::Log | Crate::TracingAttributes
                )
            })
            .and_then(|(krate, path)| migrated_name(krate, &path))
            // `span` and `instrument` are modules of tracing too: an import
            // also used as `span::Id` stays (its macro calls are renamed).
            .filter(|_| {
                let local = rename.unwrap_or(ident).to_string();
                !(matches!(ident.to_string().as_str(), "span" | "instrument")
                    && self.source.names_a_module(&local))
            });
        let text = match (rename, &target) {
            (Some(rename), Some(Imported::Same(name))) => format!("{name} as {rename}"),
            (None, Some(Imported::Same(name))) => name.clone(),
            _ => ident.to_string(),
        };
        out.push(Leaf {
            text,
            target,
            removal: (start, end),
        });
    }

    /// The crate name at the root of `use tracing::...;` or
    /// `use ::tracing::{a, b};` whose names all migrate under the same
    /// names: its range, to be replaced by `safe_log`.
    fn crate_root(&self, tree: &syn::UseTree, leaves: &[Leaf]) -> Option<(LineColumn, LineColumn)> {
        let syn::UseTree::Path(root) = tree else {
            return None;
        };
        let krate = self.imports.use_root(&[root.ident.to_string()])?;
        if !krate.1.is_empty() {
            return None;
        }
        let same_names = leaves
            .iter()
            .all(|leaf| matches!(leaf.target, Some(Imported::Same(_))));
        let flat = match &*root.tree {
            syn::UseTree::Name(_) | syn::UseTree::Rename(_) => true,
            syn::UseTree::Group(group) => group
                .items
                .iter()
                .all(|item| matches!(item, syn::UseTree::Name(_) | syn::UseTree::Rename(_))),
            _ => false,
        };
        (same_names && flat).then(|| (root.ident.span().start(), root.ident.span().end()))
    }

    /// Deletes a `use` item, its attributes and its line when nothing else is
    /// on it.
    fn remove_item(&mut self, item: &syn::ItemUse) {
        let start = item_start(item);
        let end = item.semi_token.spans[0].end();
        let line = self.source.line(start.line);
        let before: String = line.chars().take(start.column).collect();
        let after: String = self
            .source
            .line(end.line)
            .chars()
            .skip(end.column)
            .collect();
        if before.trim().is_empty() && after.trim().is_empty() {
            let from = LineColumn {
                line: start.line,
                column: 0,
            };
            let to = LineColumn {
                line: end.line + 1,
                column: 0,
            };
            self.edit((from, to), String::new());
        } else {
            self.edit((start, end), String::new());
        }
    }
}

/// `safe_log::info` or `safe_log::{info, warn as w}`.
fn safe_log_tree(names: &[&str]) -> String {
    match names {
        [one] => format!("safe_log::{one}"),
        _ => format!("safe_log::{{{}}}", names.join(", ")),
    }
}

fn item_start(item: &syn::ItemUse) -> LineColumn {
    if let Some(attr) = item.attrs.first() {
        return attr.pound_token.spans[0].start();
    }
    match &item.vis {
        syn::Visibility::Public(token) => token.span.start(),
        syn::Visibility::Restricted(restricted) => restricted.pub_token.span.start(),
        syn::Visibility::Inherited => item.use_token.span.start(),
    }
}

fn first_token(tree: &syn::UseTree) -> LineColumn {
    match tree {
        syn::UseTree::Path(path) => path.ident.span().start(),
        syn::UseTree::Name(name) => name.ident.span().start(),
        syn::UseTree::Rename(rename) => rename.ident.span().start(),
        syn::UseTree::Glob(glob) => glob.star_token.spans[0].start(),
        syn::UseTree::Group(group) => group.brace_token.span.open().start(),
    }
}

fn last_token(tree: &syn::UseTree) -> LineColumn {
    match tree {
        syn::UseTree::Path(path) => last_token(&path.tree),
        syn::UseTree::Name(name) => name.ident.span().end(),
        syn::UseTree::Rename(rename) => rename.rename.span().end(),
        syn::UseTree::Glob(glob) => glob.star_token.spans[0].end(),
        syn::UseTree::Group(group) => group.brace_token.span.close().end(),
    }
}
