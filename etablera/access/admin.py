"""Nothing of the access log is in the Django admin (issue #9).

The admin is the operators' and shows every municipality at once; the log names persons by public id, its summaries
hold stated reasons and addresses, and it is reviewed per municipality on the log review page (/logg/), by that
municipality's unit managers and administrators. Operators who must look at it for an incident do so in the
database (docs/operations.md, "The audit log")."""
