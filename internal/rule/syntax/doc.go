// Package syntax implements the lexer, parser and syntax tree of juesuan
// rules, the audit-rule language for government final-accounts tables
// (部门决算).
//
// # Source text
//
// A rule file is UTF-8 text (a leading byte order mark is ignored; invalid
// UTF-8 is an error) of at most 1 MiB. A '#' starts a comment that runs to
// the end of the line. Spaces, tabs and carriage returns separate tokens;
// newlines are significant (see Statements).
//
// # Tokens
//
//	IDENT   a letter or '_' followed by letters, digits and '_'. Letters
//	        include all Unicode letters, so 本年收入 and T1 are identifiers.
//	NUMBER  decimal digits with an optional fraction: 0, 27, 122.40. The
//	        text is kept exactly. A '.' belongs to a number only when a
//	        digit follows it, so 1..8 is the range 1 .. 8. A number may not
//	        be directly followed by a letter (1a is an error).
//	STRING  double-quoted, on one line, with Go escapes: \" \\ \n \t \r
//	        \a \b \f \v \xHH \uHHHH \UHHHHHHHH. Chinese text is allowed.
//
// Keywords: rule for in let true false. The words error, warning and info
// are ordinary identifiers that are only meaningful as a rule severity.
//
// Operators and punctuation:
//
//	->  ||  &&  ==  !=  <  <=  >  >=  +  -  *  /  !  ..
//	(  )  [  ]  {  }  ,  ;  =
//
// # Rules
//
//	file  = { rule } EOF .
//	rule  = "rule" RULEID SEVERITY STRING { FLAG } block .
//	block = "{" { stmt } "}" .
//
// RULEID is the run of non-blank characters after the keyword "rule" on
// the same line; it may contain only letters, digits, '.', '-' and '_'
// (for example T1.income-total). SEVERITY is one of error, warning, info.
// STRING is the rule title. Each FLAG is an identifier (for example note
// or derive); the flags end at "{". The whole header, from "rule" to "{",
// must be on one line.
//
// # Statements
//
//	stmt = "for" IDENT "in" expr block
//	     | "let" IDENT "=" expr
//	     | expr .
//
// An expression statement is an assertion that must hold. A for statement
// runs its body once per element of the iterated expression; "{" must be
// on the same line as "for". A let statement names a value.
//
// Statements are separated by newlines or ';'. A statement may continue on
// the next line only where it is obviously incomplete: after a binary or
// unary operator, after "=" in let or "in" in for, and anywhere inside
// (), [] or a call's argument list. Thus
//
//	T1[27, 1] ==
//	  sum(T1[1..8, 1])
//
// is one statement, while a line that starts with an operator is not a
// continuation. Blank lines and comment lines may appear anywhere.
//
// # Expressions
//
// Binary operators, lowest precedence first:
//
//	1  ->                        implication, right-associative
//	2  ||
//	3  &&
//	4  == != < <= > >= in        non-associative: a == b == c is an error
//	5  + -
//	6  * /
//
// Levels 2, 3, 5 and 6 are left-associative. Unary - and ! bind tighter
// than every binary operator, and postfix forms bind tighter still:
//
//	f(args)    call; the callee must be an identifier
//	x[args]    index, on any operand: T1[27, 1], T2[r, 2..7]
//
// Primary expressions are NUMBER, STRING, true, false, IDENT, a
// parenthesized expression and a list literal [a, b, c]. Arguments, index
// arguments and list elements are separated by commas (a trailing comma
// is allowed) and each may be a range lo..hi, which binds looser than any
// operator; ranges are not allowed anywhere else. Index arguments may not
// be empty.
//
// # Limits
//
// Nesting deeper than 100 levels (parentheses, brackets, unary operators
// and for blocks all count) is an error, as is a tree of more than 100000
// nodes. At most 10 errors are reported, at most one per line.
//
// # Printing
//
// Every node's String method prints canonical source: one statement per
// line indented by two spaces, single spaces around binary operators,
// ", " between arguments, and only the parentheses that precedence
// requires. Printed source parses back to the same tree. Comments are not
// preserved.
package syntax
