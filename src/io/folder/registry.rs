//! External ids of one kind of entity: where each was defined, and resolution of references to them.

use crate::io::cells::unknown_hint;
use crate::io::error::InputError;
use crate::io::invisible::visible;
use crate::io::table::Row;
use crate::model::ErrorCode;
use std::collections::BTreeMap;

/// The ids of one kind of entity (sites, machines, ...) with the line that defined each.
pub(super) struct Registry<Id> {
    /// Entity kind in messages, e.g. `site`.
    kind: &'static str,
    /// The file that defines the entities, for hints.
    file: &'static str,
    /// Code of an unknown reference, e.g. `UNKNOWN_SITE`.
    unknown_code: ErrorCode,
    ids: BTreeMap<String, (Id, usize)>,
    /// False when the defining file could not be read: unknown references are then not reported,
    /// since they would only repeat that problem.
    complete: bool,
}

impl<Id: Copy> Registry<Id> {
    pub(super) fn new(kind: &'static str, file: &'static str, unknown_code: ErrorCode) -> Self {
        Self {
            kind,
            file,
            unknown_code,
            ids: BTreeMap::new(),
            complete: true,
        }
    }

    /// Marks the defining file as unreadable.
    pub(super) fn mark_incomplete(&mut self) {
        self.complete = false;
    }

    /// The id of `name`, if defined.
    pub(super) fn get(&self, name: &str) -> Option<Id> {
        self.ids.get(name).map(|(id, _)| *id)
    }

    /// Every defined id.
    pub(super) fn names(&self) -> impl Iterator<Item = &str> {
        self.ids.keys().map(String::as_str)
    }

    /// Defines `name` from `row`; false (and a `DUPLICATE_ID` error) when it is already defined.
    pub(super) fn define(
        &mut self,
        name: &str,
        id: Id,
        row: &Row,
        errors: &mut Vec<InputError>,
    ) -> bool {
        if let Some((_, first)) = self.ids.get(name) {
            errors.push(row.error(
                "id",
                ErrorCode::DuplicateId,
                format!("{} '{name}' is already defined on line {first}", self.kind),
                format!("give each {} its own id", self.kind),
            ));
            return false;
        }
        self.ids.insert(name.to_string(), (id, row.line()));
        true
    }

    /// Defines a built-in `name` that no file line defines.
    pub(super) fn define_builtin(&mut self, name: &str, id: Id) {
        self.ids.insert(name.to_string(), (id, 0));
    }

    /// Defines `name` unless it already is (entities defined by their first use); returns its id.
    pub(super) fn get_or_define(
        &mut self,
        name: &str,
        row: &Row,
        new_id: impl FnOnce() -> Id,
    ) -> Id {
        if let Some(id) = self.get(name) {
            return id;
        }
        let id = new_id();
        self.ids.insert(name.to_string(), (id, row.line()));
        id
    }

    /// Resolves a reference in `column` of `row`, recording an error when `name` is unknown.
    pub(super) fn resolve(
        &self,
        name: &str,
        row: &Row,
        column: &str,
        errors: &mut Vec<InputError>,
    ) -> Option<Id> {
        let message = format!(
            "unknown {} '{}' (not in {})",
            self.kind,
            visible(name),
            self.file
        );
        let hint = format!("add the {} to {} or correct the id", self.kind, self.file);
        self.resolve_or(
            name,
            row,
            column,
            errors,
            (self.unknown_code, &message, &hint),
        )
    }

    /// Like [`Registry::resolve`] with a custom `(code, message, hint)` for an unknown name.
    pub(super) fn resolve_or(
        &self,
        name: &str,
        row: &Row,
        column: &str,
        errors: &mut Vec<InputError>,
        (code, message, hint): (ErrorCode, &str, &str),
    ) -> Option<Id> {
        let id = self.get(name);
        if id.is_none() && self.complete {
            let hint = unknown_hint(name, self.ids.keys().map(String::as_str), hint);
            errors.push(row.error(column, code, message, hint));
        }
        id
    }
}
