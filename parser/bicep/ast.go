package bicep

import "github.com/milint/milint/parser"

// Node is any syntax node; every node knows its source range.
type Node interface {
	Range() parser.Range
}

// Expr is an expression node.
type Expr interface {
	Node
	exprNode()
}

// Decl is a top-level (or nested resource) statement.
type Decl interface {
	Node
	declNode()
}

type span struct{ Rng parser.Range }

func (s span) Range() parser.Range { return s.Rng }

// ---- expressions ----

// LiteralKind says what a Literal holds.
type LiteralKind uint8

// Literal kinds.
const (
	LitNull LiteralKind = iota
	LitBool
	LitInt
)

// Literal is null, true, false or an integer.
type Literal struct {
	span
	Kind LiteralKind
	Bool bool
	Int  int64
}

// String is a string literal, possibly interpolated: Parts has one more
// element than Holes.
type String struct {
	span
	Parts []string
	Holes []Expr
	Multi bool
}

// Ident is a variable, parameter, resource or other symbol access.
type Ident struct {
	span
	Name string
}

// Call is fn(args).
type Call struct {
	span
	Name      string
	NameRange parser.Range
	Args      []Expr
}

// MethodCall is target.fn(args): an instance call (kv.getSecret(),
// sa.listKeys()) or a namespaced function (sys.concat(), az.resourceGroup()).
type MethodCall struct {
	span
	Target Expr
	Name   string
	Args   []Expr
}

// Property is target.name or target.?name.
type Property struct {
	span
	Target    Expr
	Name      string
	NameRange parser.Range
	Safe      bool
}

// Index is target[index], target[?index], target[^index].
type Index struct {
	span
	Target  Expr
	Index   Expr
	Safe    bool
	FromEnd bool
}

// ResourceAccess is parent::child.
type ResourceAccess struct {
	span
	Target Expr
	Name   string
}

// NonNull is the postfix non-null assertion x!.
type NonNull struct {
	span
	X Expr
}

// Unary is !x, -x or +x.
type Unary struct {
	span
	Op TokenKind
	X  Expr
}

// Binary is l op r.
type Binary struct {
	span
	Op   TokenKind
	L, R Expr
}

// Ternary is c ? a : b.
type Ternary struct {
	span
	Cond, Then, Else Expr
}

// Paren is (x).
type Paren struct {
	span
	X Expr
}

// ObjectProp is one key: value member of an object.
type ObjectProp struct {
	Key      string // the key text (unescaped), or "" when interpolated
	KeyExpr  Expr   // the key as a string expression when quoted
	KeyRange parser.Range
	Value    Expr
}

// Object is { ... }: properties, spreads and (in a resource body) nested
// resource declarations, in source order.
type Object struct {
	span
	Props     []*ObjectProp
	Spreads   []*Spread
	Resources []*ResourceDecl
	// Order lists the members in source order: *ObjectProp, *Spread or
	// *ResourceDecl.
	Order []any
}

// Array is [ ... ].
type Array struct {
	span
	Items []Expr
}

// Spread is ...x inside an array or object.
type Spread struct {
	span
	X Expr
}

// Lambda is x => e, (x, y) => e or a typed lambda of a func declaration.
type Lambda struct {
	span
	Params []string
	Body   Expr
}

// For is [for item in coll: body] or [for (item, i) in coll: body].
type For struct {
	span
	Item       string
	IndexVar   string
	Collection Expr
	Body       Expr
}

// If is if (cond) body, the conditional body of a resource or module.
type If struct {
	span
	Cond Expr
	Body Expr
}

// BadExpr stands where an expression could not be parsed.
type BadExpr struct{ span }

// TypeExpr is a type expression; milint only needs its text.
type TypeExpr struct {
	span
	Text string
	// Resource is the resource type string of `resource 'T@v'` types.
	Resource *String
}

func (*Literal) exprNode()        {}
func (*String) exprNode()         {}
func (*Ident) exprNode()          {}
func (*Call) exprNode()           {}
func (*MethodCall) exprNode()     {}
func (*Property) exprNode()       {}
func (*Index) exprNode()          {}
func (*ResourceAccess) exprNode() {}
func (*NonNull) exprNode()        {}
func (*Unary) exprNode()          {}
func (*Binary) exprNode()         {}
func (*Ternary) exprNode()        {}
func (*Paren) exprNode()          {}
func (*Object) exprNode()         {}
func (*Array) exprNode()          {}
func (*Spread) exprNode()         {}
func (*Lambda) exprNode()         {}
func (*For) exprNode()            {}
func (*If) exprNode()             {}
func (*BadExpr) exprNode()        {}
func (*TypeExpr) exprNode()       {}

// ---- declarations ----

// Decorator is @expr before a declaration.
type Decorator struct {
	span
	Name string // "description", "secure", ... (namespace stripped)
	Expr Expr
}

// Decorated is the common part of declarations that take decorators.
type Decorated struct {
	Decorators []*Decorator
}

// Decorator returns the decorator with the given name, or nil.
func (d *Decorated) Decorator(name string) *Decorator {
	for _, dec := range d.Decorators {
		if dec.Name == name {
			return dec
		}
	}
	return nil
}

// TargetScopeDecl is targetScope = expr.
type TargetScopeDecl struct {
	span
	Value Expr
}

// MetadataDecl is metadata name = expr.
type MetadataDecl struct {
	span
	Name  string
	Value Expr
}

// ParamDecl is param name type [= default] (or, in .bicepparam, param name = value).
type ParamDecl struct {
	span
	Decorated
	Name      string
	NameRange parser.Range
	Type      *TypeExpr // nil in .bicepparam
	Default   Expr      // default value, or the value in a .bicepparam
}

// VarDecl is var name [type] = expr.
type VarDecl struct {
	span
	Decorated
	Name      string
	NameRange parser.Range
	Type      *TypeExpr
	Value     Expr
}

// TypeDecl is type name = typeExpr.
type TypeDecl struct {
	span
	Decorated
	Name string
	Type *TypeExpr
}

// FuncDecl is func name(params) type => body.
type FuncDecl struct {
	span
	Decorated
	Name   string
	Lambda *Lambda
}

// ResourceDecl is resource sym 'Type@api' [existing] = body.
type ResourceDecl struct {
	span
	Decorated
	Name      string
	NameRange parser.Range
	Type      *String
	Existing  bool
	Body      Expr // *Object, *If or *For
}

// ModuleDecl is module sym 'path' = body.
type ModuleDecl struct {
	span
	Decorated
	Name      string
	NameRange parser.Range
	Path      *String
	Body      Expr
}

// OutputDecl is output name type = expr.
type OutputDecl struct {
	span
	Decorated
	Name  string
	Type  *TypeExpr
	Value Expr
}

// ImportItem is one name of import { a, b as c } from '...'.
type ImportItem struct {
	Name  string // original name (may be a quoted string)
	Alias string // local name
}

// ImportDecl is any import form.
type ImportDecl struct {
	span
	Decorated
	Items    []ImportItem // import { ... }
	Wildcard string       // import * as ns
	From     *String      // from '...' (or the legacy import 'spec')
	With     Expr
	Alias    string
}

// ExtensionDecl is extension name|'spec' [with {...}] [as alias].
type ExtensionDecl struct {
	span
	Decorated
	Spec  Expr
	With  Expr
	Alias string
}

// UsingDecl is using 'path' [with {...}] or using none (.bicepparam).
type UsingDecl struct {
	span
	Path *String // nil for using none
	With Expr
}

// ExtendsDecl is extends 'path' (.bicepparam).
type ExtendsDecl struct {
	span
	Path *String
}

// OtherDecl is a declaration milint reads past (test, assert,
// extensionConfig).
type OtherDecl struct {
	span
	Decorated
	Keyword string
	Name    string
	Value   Expr
}

func (*TargetScopeDecl) declNode() {}
func (*MetadataDecl) declNode()    {}
func (*ParamDecl) declNode()       {}
func (*VarDecl) declNode()         {}
func (*TypeDecl) declNode()        {}
func (*FuncDecl) declNode()        {}
func (*ResourceDecl) declNode()    {}
func (*ModuleDecl) declNode()      {}
func (*OutputDecl) declNode()      {}
func (*ImportDecl) declNode()      {}
func (*ExtensionDecl) declNode()   {}
func (*UsingDecl) declNode()       {}
func (*ExtendsDecl) declNode()     {}
func (*OtherDecl) declNode()       {}

// File is a parsed .bicep or .bicepparam file.
type File struct {
	Name  string
	Src   []byte
	Decls []Decl
	// Diags are the lexical and syntax diagnostics.
	Diags parser.Diagnostics
}

// Text returns the source text of a node.
func (f *File) Text(n Node) string {
	r := n.Range()
	if r.Start.Byte < 0 || r.End.Byte > len(f.Src) || r.Start.Byte > r.End.Byte {
		return ""
	}
	return string(f.Src[r.Start.Byte:r.End.Byte])
}
