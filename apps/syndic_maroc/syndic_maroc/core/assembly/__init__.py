"""General assembly rules under Loi 18-00 as amended (MOROCCO.md §1.3, §1.4, §5 rules 3–17, 19–21).

Pure Python (no frappe): the General Assembly DocTypes call these functions with plain data.
- `legal_types`: the agenda item types, each with its majority and article;
- `votes`: votes per lot and the art. 16 decies cap;
- `proxies`: the art. 16 decies proxy limits;
- `admission`: non-payers not admitted (art. 16 quinquies);
- `quorum`: art. 18 (first and second meeting);
- `majority`: the decision of one resolution (arts 20, 21, 22, 39) from its counts;
- `tally`: the incremental tally of a live session;
- `agenda`: off-agenda items (art. 16 octies), art. 23 refusal, convener (art. 16 quater), officers (art. 17);
- `deadlines`: the dates (arts 16, 16 ter, 16 quinquies, 16 sexies, 16 septies, 18, 19, 24, 30, 59 duodecies).
"""
