"""Small helpers shared by every module: `errors` (core/ errors as Frappe errors), `files`
(file checks made before any parsing, frappe-free), `erpnext_compat` (what touches ERPNext or
Frappe internals, so that an upgrade means reading one file)."""
