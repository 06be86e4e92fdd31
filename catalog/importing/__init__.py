"""Catalog entries in and out of spreadsheets (CSV): resources, curricula and podcast episodes.

One row per entry, in the same format both ways, so that an exported file imports back without a
change ("unchanged" for every row). Each kind of entry is a `Kind` (kinds.py; the three in
resources.py, curricula.py and episodes.py, listed in registry.py): its columns, an example row,
its own rules. Everything else is shared:

- files.py reads a file into rows (UTF-8, commas or semicolons, line numbers) and writes CSV;
- columns.py turns cells into field values and back (terms, choices, dates, numbers, lines);
- checking.py checks every row against the catalog before anything is written;
- writing.py writes all rows or none, each as a new revision that goes to review (or is
  published, for a moderator who asks);
- exporting.py writes the export and the template file; uploads.py keeps an uploaded file
  between its check and its confirmation.

Rules every kind shares. `parent` (the toolkit, chapter or show, by slug or title) and `slug`
identify an entry, so importing a file again updates instead of duplicating, and a row that
changes nothing writes nothing. A column the file leaves out is left as it is; an empty date,
language or other cell with a default keeps the entry's own. Terms are named by name or slug,
separated by "|". Any bad row stops the whole file, reported with its line number and reason; so
does a row that would change an entry the edit form would refuse to save (locked by someone else,
awaiting a review the importer cannot give, scheduled). Checking loads what it compares with once
per file, so its queries do not grow with rows.

Multi-line cells (a CSV cell may hold line breaks; in a spreadsheet, Alt+Enter):

- a curriculum's `learning_objectives`: one objective a line;
- a curriculum's `agenda` (agenda.py): a line per day, its title ("Day 1: Recognizing
  exploitation"), then a line per session: "09:00-10:30 Title | presenter role | disciplines"
  (the disciplines separated by ";"; "- Title …" for a session without times), and the session's
  description on indented lines beneath it;
- an episode's `guests`: one guest a line, "Name | role | link".

Not in the files: rich text (overviews, show notes, bodies), uploaded files (a resource's
document, an episode's audio file), a curriculum's materials, prerequisites and offerings, and
episode transcripts: those are edited in the admin, and an import leaves them as they are. An
episode's `audio_url` is its hosted audio's address (with `audio_length_bytes`); a transcript is
WebVTT text kept in the page, not a file at an address, so no column fetches one.
"""
