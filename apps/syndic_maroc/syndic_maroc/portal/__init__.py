"""Co-owner web portal (role "Co-owner"): what the pages of www/ show and the PDFs they download.

Who is who: the session user is resolved to their Co-owner records through Co-owner.portal_user
or the Co-owner's Contact (Contact.user); each Co-owner has one ERPNext Customer. A co-owner sees
only the documents of their own Customer(s): Sales Invoices (calls for funds), Payment Entries
(receipts) and the statement / quitus of the résidences where they own or owned a unit
(loi 18-00 art. 26: the syndic gives each co-owner their account and receipts). Anything else,
including another co-owner's document reached by its URL, is refused with 403
(frappe.PermissionError), the same answer whether the document exists or not.

Pages (www/): /mon-espace (summary), /mes-appels, /mes-paiements, /mon-releve. The PDF
endpoints are whitelisted methods in syndic_maroc.api.portal (GET
/api/method/syndic_maroc.api.portal.<name>); they print in French by default, in Arabic with
lang=ar.

Modules: `access` (who the user is, what they may see: the has_website_permission hooks),
`language` (the portal's language), `context` (what the pages of www/ show), `documents` (the
PDFs a co-owner downloads).

ERPNext's own /invoices portal needs the ERPNext "Customer" role on the user and uses the
standard Sales Invoice print; ours works with the "Co-owner" role alone and prints the Call
Notice, the reçu and the statement.
"""
