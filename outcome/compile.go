package outcome

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"

	"brink/internal/suggest"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/checker"
	"github.com/expr-lang/expr/conf"
	"github.com/expr-lang/expr/file"
)

// MaxLength is the longest expression Compile accepts, in bytes.
const MaxLength = 4096

// Expr is a compiled outcome. Expressions are parsed and type-checked by
// expr-lang/expr; every actor and rung argument is resolved to its index at
// compile time, and the checked tree is turned into a tree of Go closures,
// so Eval allocates nothing and is safe to call from many goroutines at once.
type Expr struct {
	name, src string
	isBool    bool
	isConst   bool
	c         float64
	event     bool // a day of an event: a call whose value is days when the event never happens
	pairs     [][2]int
	num       func(Run) float64
	pred      func(Run) bool
}

// Name returns the outcome's name.
func (e *Expr) Name() string { return e.name }

// Source returns the expression as written.
func (e *Expr) Source() string { return e.src }

// Pairs returns the actor pairs the expression asks about, as indices into
// Vocabulary.Actors: the two actor arguments of each call of max_rung,
// first_day, kinetic, settled and the like, in the order they are written. A
// pair may repeat. The kernel tracks these pairs day by day, so it reads them
// here, from the parsed expression, rather than from its text.
func (e *Expr) Pairs() [][2]int { return slices.Clone(e.pairs) }

// IsBool reports whether the outcome is a probability outcome (a condition
// on a run, reported as the share of runs where it holds) rather than a mean
// outcome (a number per run, reported by its mean and quantiles).
func (e *Expr) IsBool() bool { return e.isBool }

// Constant reports whether the expression is known at compile time — it
// reads nothing of a run (`rung("war") > 3`, `days * 2`) — and its value
// (1 or 0 for a condition). `brink validate` warns of such outcomes.
func (e *Expr) Constant() (value float64, ok bool) { return e.c, e.isConst }

// TimeToEvent reports whether the outcome is the day of an event — a bare
// call of first_day, first_day_by, settled_day, settlement_day,
// ceasefire_day, campaign_start or campaign_end — whose value is days (the
// horizon) in a run where the event never happens. Such an outcome is
// shown as a survival curve (Kaplan–Meier: its median day, "not reached"
// when fewer than half the runs have the event, and its mean restricted to
// the horizon) rather than a plain mean.
func (e *Expr) TimeToEvent() bool { return e.event }

// Eval evaluates the outcome on one run. For a condition it returns 1 or 0
// and isBool true; for a number, the number and isBool false. The error is
// always nil today; it is there so that a future function that can fail at
// run time does not change the signature.
func (e *Expr) Eval(r Run) (value float64, isBool bool, err error) {
	if e.isBool {
		if e.pred(r) {
			return 1, true, nil
		}
		return 0, true, nil
	}
	return e.num(r), false, nil
}

// Holds evaluates a condition outcome (false for a number outcome).
func (e *Expr) Holds(r Run) bool { return e.isBool && e.pred(r) }

// Value evaluates a number outcome (1 or 0 for a condition).
func (e *Expr) Value(r Run) float64 {
	v, _, _ := e.Eval(r)
	return v
}

// Error is a compile error with its place inside the expression.
type Error struct {
	Name   string // the outcome's name
	Offset int    // byte offset in the expression
	Line   int    // 1-based line inside the expression
	Column int    // 1-based column (in characters) inside the expression
	Msg    string
}

func (e *Error) Error() string {
	return fmt.Sprintf("outcome %q, column %d: %s", e.Name, e.Column, e.Msg)
}

// Functions lists what an expression may call, with its signature, for
// documentation and error hints.
var Functions = []struct{ Name, Signature, Doc string }{
	{"rung", "rung(R) int", "the level of rung R (index minus the status quo's)"},
	{"max_rung", "max_rung(A, B) int", "highest level A and B reached against each other, in either direction"},
	{"max_rung_by", "max_rung_by(A, B) int", "highest level A reached against B"},
	{"first_day", "first_day(A, B, level) int", "first day either of A, B reached level or more against the other; days if never"},
	{"first_day_by", "first_day_by(A, B, level) int", "first day A reached level or more against B; days if never"},
	{"kinetic", "kinetic(A, B) int", "kinetic acts between A and B, both directions"},
	{"kinetic_by", "kinetic_by(A, B) int", "kinetic acts A executed against B"},
	{"kinetic_by", "kinetic_by(A, B, from, to) int", "kinetic acts A executed against B on days from to to (day numbers, 0 the start)"},
	{"days_at", "days_at(A, B, level) int", "days the pair's rung (the higher of both sides' standing rungs) was at level or more"},
	{"last_day_at", "last_day_at(A, B, level) int", "last day the pair's rung was at level or more; -1 if never"},
	{"noticed", "noticed(A, B) int", "acts A executed against B of which B had notice (telegraphed)"},
	{"campaign_start", "campaign_start(C) int", "day campaign C began; days if never"},
	{"campaign_end", "campaign_end(C) int", "day campaign C ended (its aim met or its time up); days if it never ended"},
	{"rung_now", "rung_now(A, B) int", "level of the pair's rung now (in a when: condition) or on the last day (in an outcome)"},
	{"latency", "latency(A) int", "when: conditions only: days to A's nuclear breakout (0 armed, -1 none)"},
	{"capability", "capability(A) float", "when: conditions only: A's capability now, after attrition"},
	{"settled", "settled(A, B) bool", "a settlement between A and B began and held to the end"},
	{"settled_day", "settled_day(A, B) int", "day a settlement between A and B began; days if never"},
	{"damage", "damage(A) float", "damage A took over the run"},
	{"strain", "strain(A) float", "A's economic strain at the end"},
	{"support", "support(A) float", "A's domestic support at the end"},
	{"nuclear_used", "nuclear_used() bool", "a nuclear weapon was used"},
	{"pairs_at_or_above", "pairs_at_or_above(level) int", "pairs of actors whose highest level against each other, either way, is level or more"},
	{"rivera", "rivera() float", "mean daily Rivera escalation score"},
	{"days", "days", "the horizon in days (a number, not a call)"},
	{"today", "today", "when: conditions only: the day being simulated (a number, not a call)"},
	{"abs, min, max", "abs(x), min(x, y, ...), max(x, y, ...)", "arithmetic helpers"},
}

// signatures give the checker each function's types; the functions are
// never called through expr (they are replaced by closures).
var signatures = map[string]any{
	"rung":              new(func(string) int),
	"max_rung":          new(func(string, string) int),
	"max_rung_by":       new(func(string, string) int),
	"first_day":         new(func(string, string, int) int),
	"first_day_by":      new(func(string, string, int) int),
	"kinetic":           new(func(string, string) int),
	"kinetic_by":        new(func(string, string) int),
	"days_at":           new(func(string, string, int) int),
	"last_day_at":       new(func(string, string, int) int),
	"noticed":           new(func(string, string) int),
	"rung_now":          new(func(string, string) int),
	"campaign_start":    new(func(string) int),
	"campaign_end":      new(func(string) int),
	"latency":           new(func(string) int),
	"capability":        new(func(string) float64),
	"settled":           new(func(string, string) bool),
	"settled_day":       new(func(string, string) int),
	"settlement":        new(func(string, string) bool),
	"settlement_day":    new(func(string, string) int),
	"ceasefire_day":     new(func(string, string) int),
	"ceasefire_held":    new(func(string, string) bool),
	"war_days":          new(func(string, string) int),
	"damage":            new(func(string) float64),
	"strain":            new(func(string) float64),
	"support":           new(func(string) float64),
	"nuclear_used":      new(func() bool),
	"pairs_at_or_above": new(func(int) int),
	"rivera":            new(func() float64),
}

// overloads are further signatures of a function (kinetic_by over a
// window of days).
var overloads = map[string][]any{
	"kinetic_by": {new(func(string, string, int, int) int)},
}

func never(...any) (any, error) { return nil, errors.New("outcome functions are compiled, not called") }

func newConfig() *conf.Config {
	c := conf.CreateNew()
	opts := []expr.Option{expr.Env(map[string]any{"days": 0, "today": 0}), expr.DisableAllBuiltins(),
		expr.EnableBuiltin("abs"), expr.EnableBuiltin("min"), expr.EnableBuiltin("max"), expr.MaxNodes(2000)}
	for name, sig := range signatures {
		if more := overloads[name]; more != nil {
			opts = append(opts, expr.Function(name, never, append([]any{sig}, more...)...))
			continue
		}
		opts = append(opts, expr.Function(name, never, sig))
	}
	for _, o := range opts {
		o(c)
	}
	for name := range c.Disabled {
		delete(c.Builtins, name)
	}
	c.Check()
	return c
}

// Compile parses, type-checks and compiles one outcome expression against a
// scenario's vocabulary. Errors are *Error, pointing at the column inside
// the expression.
func Compile(name, src string, v Vocabulary) (e *Expr, err error) {
	if len(src) > MaxLength {
		return nil, &Error{Name: name, Offset: 0, Line: 1, Column: 1, Msg: fmt.Sprintf("expression is %d bytes; the limit is %d", len(src), MaxLength)}
	}
	if strings.TrimSpace(src) == "" {
		return nil, &Error{Name: name, Line: 1, Column: 1, Msg: "empty expression"}
	}
	defer func() {
		// expr must not crash brink on any input; a panic there is a bug in
		// it, reported as a compile error.
		if r := recover(); r != nil {
			e, err = nil, &Error{Name: name, Line: 1, Column: 1, Msg: fmt.Sprintf("cannot compile expression (%v)", r)}
		}
	}()
	tree, err := checker.ParseCheck(src, newConfig())
	if err != nil {
		var fe *file.Error
		if errors.As(err, &fe) {
			return nil, newError(name, src, fe.From, cleanMsg(fe.Message))
		}
		return nil, newError(name, src, 0, err.Error())
	}
	c := compiler{name: name, src: src, v: v}
	val := c.node(tree.Node)
	if c.err != nil {
		return nil, c.err
	}
	e = &Expr{name: name, src: src, isBool: val.isBool, isConst: val.isConst, c: val.c, num: val.num, pred: val.pred, pairs: c.pairs, event: isEventDay(tree.Node)}
	return e, nil
}

// eventDays are the functions whose value is the day an event first
// happened, and days (the horizon) when it never did.
var eventDays = []string{"first_day", "first_day_by", "settled_day", "settlement_day", "ceasefire_day", "campaign_start", "campaign_end"}

// isEventDay reports whether the expression is a bare call of one of the
// eventDays.
func isEventDay(n ast.Node) bool {
	call, ok := n.(*ast.CallNode)
	if !ok {
		return false
	}
	id, ok := call.Callee.(*ast.IdentifierNode)
	return ok && slices.Contains(eventDays, id.Value)
}

// cleanMsg tidies expr's messages for people who write scenarios, not Go.
func cleanMsg(m string) string {
	m = strings.ReplaceAll(m, "float64", "number")
	m = strings.TrimSpace(strings.ReplaceAll(m, "interface {}", "any"))
	if strings.HasPrefix(m, "unknown name ") {
		m += " (functions: " + functionNames() + ")"
	}
	// expr's parser speaks of tokens; say what is likely wrong.
	switch {
	case strings.HasPrefix(m, "unexpected token EOF"):
		m += ": the expression ends too early (a missing value or closing parenthesis?)"
	case strings.HasPrefix(m, `unexpected token Operator("=")`):
		m += ": to compare, write ==, !=, >= or <="
	}
	return m
}

func functionNames() string {
	names := make([]string, 0, len(Functions))
	for _, f := range Functions {
		if !slices.Contains(names, f.Name) { // kinetic_by has two forms
			names = append(names, f.Name)
		}
	}
	return strings.Join(names, ", ")
}

// newError builds an Error from a character offset into src.
func newError(name, src string, runeOffset int, msg string) *Error {
	e := &Error{Name: name, Line: 1, Column: 1, Msg: msg}
	n := 0
	for i, r := range src {
		if n == runeOffset {
			e.Offset = i
			return e
		}
		n++
		if r == '\n' {
			e.Line++
			e.Column = 1
		} else {
			e.Column++
		}
	}
	e.Offset = len(src)
	return e
}

// val is a compiled subexpression: a number or a condition, possibly a
// constant (known at compile time).
type val struct {
	isBool  bool
	isConst bool
	c       float64 // the constant, for numbers; 1/0 for conditions
	num     func(Run) float64
	pred    func(Run) bool
}

func constNum(f float64) val {
	return val{isConst: true, c: f, num: func(Run) float64 { return f }}
}

func constBool(b bool) val {
	c := 0.0
	if b {
		c = 1
	}
	return val{isBool: true, isConst: true, c: c, pred: func(Run) bool { return b }}
}

type compiler struct {
	name, src string
	v         Vocabulary
	err       *Error
	pairs     [][2]int // the actor pairs of the calls compiled so far
}

func (c *compiler) fail(n ast.Node, format string, args ...any) val {
	if c.err == nil {
		c.err = newError(c.name, c.src, n.Location().From, fmt.Sprintf(format, args...))
	}
	return constNum(0)
}

func (c *compiler) node(n ast.Node) val {
	if c.err != nil {
		return constNum(0)
	}
	switch n := n.(type) {
	case *ast.IntegerNode:
		return constNum(float64(n.Value))
	case *ast.FloatNode:
		return constNum(n.Value)
	case *ast.BoolNode:
		return constBool(n.Value)
	case *ast.IdentifierNode:
		if n.Value == "days" {
			return constNum(float64(c.v.Days))
		}
		if n.Value == "today" {
			if !c.v.Live {
				return c.fail(n, "today is known only during a run: use it in an event's when: condition")
			}
			return val{num: func(r Run) float64 { return float64(r.Today()) }}
		}
		return c.fail(n, "unknown name %s", n.Value)
	case *ast.UnaryNode:
		return c.unary(n)
	case *ast.BinaryNode:
		return c.binary(n)
	case *ast.ConditionalNode:
		return c.conditional(n)
	case *ast.CallNode:
		return c.call(n)
	case *ast.BuiltinNode:
		return c.builtin(n)
	case *ast.StringNode:
		return c.fail(n, "a string is only an argument of a function (an actor or rung id)")
	}
	return c.fail(n, "this kind of expression is not supported in outcomes (use numbers, comparisons, and/or/not, ?:, and the outcome functions)")
}

func (c *compiler) num(n ast.Node) val {
	x := c.node(n)
	if x.isBool && c.err == nil {
		return c.fail(n, "expected a number, got a condition")
	}
	return x
}

func (c *compiler) cond(n ast.Node) val {
	x := c.node(n)
	if !x.isBool && c.err == nil {
		return c.fail(n, "expected a condition, got a number")
	}
	return x
}

func (c *compiler) unary(n *ast.UnaryNode) val {
	switch n.Operator {
	case "-":
		x := c.num(n.Node)
		if x.isConst {
			return constNum(-x.c)
		}
		f := x.num
		return val{num: func(r Run) float64 { return -f(r) }}
	case "+":
		return c.num(n.Node)
	case "!", "not":
		x := c.cond(n.Node)
		if x.isConst {
			return constBool(x.c == 0)
		}
		p := x.pred
		return val{isBool: true, pred: func(r Run) bool { return !p(r) }}
	}
	return c.fail(n, "operator %s is not supported", n.Operator)
}

func (c *compiler) binary(n *ast.BinaryNode) val {
	switch n.Operator {
	case "&&", "and", "||", "or":
		a, b := c.cond(n.Left), c.cond(n.Right)
		pa, pb := a.pred, b.pred
		if n.Operator == "&&" || n.Operator == "and" {
			return c.fold(val{isBool: true, pred: func(r Run) bool { return pa(r) && pb(r) }}, a, b)
		}
		return c.fold(val{isBool: true, pred: func(r Run) bool { return pa(r) || pb(r) }}, a, b)
	case "==", "!=":
		a, b := c.node(n.Left), c.node(n.Right)
		if c.err != nil {
			return constNum(0)
		}
		if a.isBool != b.isBool {
			return c.fail(n, "cannot compare a condition with a number")
		}
		eq := n.Operator == "=="
		if a.isBool {
			pa, pb := a.pred, b.pred
			return c.fold(val{isBool: true, pred: func(r Run) bool { return (pa(r) == pb(r)) == eq }}, a, b)
		}
		fa, fb := a.num, b.num
		return c.fold(val{isBool: true, pred: func(r Run) bool { return (fa(r) == fb(r)) == eq }}, a, b)
	case "<", "<=", ">", ">=":
		a, b := c.num(n.Left), c.num(n.Right)
		fa, fb := a.num, b.num
		var p func(Run) bool
		switch n.Operator {
		case "<":
			p = func(r Run) bool { return fa(r) < fb(r) }
		case "<=":
			p = func(r Run) bool { return fa(r) <= fb(r) }
		case ">":
			p = func(r Run) bool { return fa(r) > fb(r) }
		default:
			p = func(r Run) bool { return fa(r) >= fb(r) }
		}
		return c.fold(val{isBool: true, pred: p}, a, b)
	case "+", "-", "*", "/", "%", "**", "^":
		a, b := c.num(n.Left), c.num(n.Right)
		fa, fb := a.num, b.num
		var f func(Run) float64
		switch n.Operator {
		case "+":
			f = func(r Run) float64 { return fa(r) + fb(r) }
		case "-":
			f = func(r Run) float64 { return fa(r) - fb(r) }
		case "*":
			f = func(r Run) float64 { return fa(r) * fb(r) }
		case "/":
			f = func(r Run) float64 { return fa(r) / fb(r) }
		case "%":
			f = func(r Run) float64 { return math.Mod(fa(r), fb(r)) }
		default:
			f = func(r Run) float64 { return math.Pow(fa(r), fb(r)) }
		}
		if a.isConst && b.isConst {
			return constNum(f(nil))
		}
		return val{num: f}
	}
	return c.fail(n, "operator %s is not supported in outcomes", n.Operator)
}

func (c *compiler) conditional(n *ast.ConditionalNode) val {
	k := c.cond(n.Cond)
	a, b := c.node(n.Exp1), c.node(n.Exp2)
	if c.err != nil {
		return constNum(0)
	}
	if a.isBool != b.isBool {
		return c.fail(n.Exp2, "both branches of ?: must be numbers, or both conditions")
	}
	p := k.pred
	if a.isBool {
		pa, pb := a.pred, b.pred
		return c.fold(val{isBool: true, pred: func(r Run) bool {
			if p(r) {
				return pa(r)
			}
			return pb(r)
		}}, k, a, b)
	}
	fa, fb := a.num, b.num
	return c.fold(val{num: func(r Run) float64 {
		if p(r) {
			return fa(r)
		}
		return fb(r)
	}}, k, a, b)
}

// fold marks v a constant when every operand it is computed from is one:
// it then reads nothing of a run, and its value is computed once, here
// (Expr.Constant). Evaluation is unchanged.
func (c *compiler) fold(v val, operands ...val) val {
	if c.err != nil {
		return v // an operand may be the wrong kind: nothing to compute
	}
	for _, o := range operands {
		if !o.isConst {
			return v
		}
	}
	if v.isBool {
		return constBool(v.pred(nil))
	}
	return constNum(v.num(nil))
}

func (c *compiler) builtin(n *ast.BuiltinNode) val {
	operands := make([]val, len(n.Arguments))
	args := make([]func(Run) float64, len(n.Arguments))
	for i, a := range n.Arguments {
		operands[i] = c.num(a)
		args[i] = operands[i].num
	}
	if c.err != nil {
		return constNum(0)
	}
	return c.fold(c.builtinCall(n, args), operands...)
}

func (c *compiler) builtinCall(n *ast.BuiltinNode, args []func(Run) float64) val {
	if c.err != nil {
		return constNum(0)
	}
	switch n.Name {
	case "abs":
		if len(args) != 1 {
			return c.fail(n, "abs takes one number")
		}
		f := args[0]
		return val{num: func(r Run) float64 { return math.Abs(f(r)) }}
	case "min", "max":
		if len(args) < 1 {
			return c.fail(n, "%s takes at least one number", n.Name)
		}
		isMax := n.Name == "max"
		return val{num: func(r Run) float64 {
			m := args[0](r)
			for _, f := range args[1:] {
				x := f(r)
				if isMax == (x > m) && x != m {
					m = x
				}
			}
			return m
		}}
	}
	return c.fail(n, "function %s is not available in outcomes", n.Name)
}

// pairArgs resolves the two actor arguments of a call about a pair, and
// records the pair for Expr.Pairs.
func (c *compiler) pairArgs(x, y ast.Node) (a, b int) {
	a, b = c.actorArg(x), c.actorArg(y)
	c.pairs = append(c.pairs, [2]int{a, b})
	return a, b
}

// actorArg resolves a string-literal actor argument to its index.
func (c *compiler) actorArg(n ast.Node) int {
	return c.idArg(n, "actor", "an actor", "IRN", c.v.Actors)
}

// rungArg resolves a string-literal rung argument to its index.
func (c *compiler) rungArg(n ast.Node) int {
	return c.idArg(n, "rung", "a rung", "war", c.v.Rungs)
}

// idArg resolves an argument that must be one of ids written as a quoted
// string to its index. noun (with its article in aNoun) and example word the
// errors; on an error it returns 0, and c.err says why.
func (c *compiler) idArg(n ast.Node, noun, aNoun, example string, ids []string) int {
	s, ok := n.(*ast.StringNode)
	if !ok {
		c.fail(n, "%s must be written as a quoted id, like %q", aNoun, example)
		return 0
	}
	if i := slices.Index(ids, s.Value); i >= 0 {
		return i
	}
	c.fail(n, "unknown %s %q%s", noun, s.Value, suggest.DidYouMean(s.Value, ids))
	return 0
}

// levelArg resolves a level argument, which must be known at compile time
// (rung("war"), or a number), to a rung index.
func (c *compiler) levelArg(n ast.Node) int {
	x := c.num(n)
	if c.err != nil {
		return 0
	}
	if !x.isConst {
		c.fail(n, "the level must be known before the run: write rung(\"id\") or a number")
		return 0
	}
	lo, hi := -c.v.StatusQuo, len(c.v.Rungs)-1-c.v.StatusQuo
	if x.c != math.Trunc(x.c) || x.c < float64(lo) || x.c > float64(hi) {
		c.fail(n, "level %v is not on the ladder (levels %d to %d)", x.c, lo, hi)
		return 0
	}
	return int(x.c) + c.v.StatusQuo
}

func (c *compiler) call(n *ast.CallNode) val {
	id, ok := n.Callee.(*ast.IdentifierNode)
	if !ok {
		return c.fail(n, "only the outcome functions may be called")
	}
	args := n.Arguments
	days := float64(c.v.Days)
	sq := c.v.StatusQuo
	switch id.Value {
	case "rung":
		i := c.rungArg(args[0])
		return constNum(float64(i - sq))
	case "max_rung", "max_rung_by":
		a, b := c.pairArgs(args[0], args[1])
		if id.Value == "max_rung_by" {
			return val{num: func(r Run) float64 { return float64(r.MaxRung(a, b) - sq) }}
		}
		return val{num: func(r Run) float64 { return float64(max(r.MaxRung(a, b), r.MaxRung(b, a)) - sq) }}
	case "first_day", "first_day_by":
		a, b := c.pairArgs(args[0], args[1])
		k := c.levelArg(args[2])
		day := func(d int) float64 {
			if d < 0 {
				return days
			}
			return float64(d)
		}
		if id.Value == "first_day_by" {
			return val{num: func(r Run) float64 { return day(r.FirstDay(a, b, k)) }}
		}
		return val{num: func(r Run) float64 { return min(day(r.FirstDay(a, b, k)), day(r.FirstDay(b, a, k))) }}
	case "kinetic", "kinetic_by":
		a, b := c.pairArgs(args[0], args[1])
		if id.Value == "kinetic_by" && len(args) == 4 {
			from, to := c.num(args[2]).num, c.num(args[3]).num
			if c.err != nil {
				return constNum(0)
			}
			return val{num: func(r Run) float64 {
				lo, hi := math.Ceil(from(r)), math.Floor(to(r))
				if !(lo <= hi) || hi < 0 || lo > days {
					return 0
				}
				return float64(r.KineticIn(a, b, int(max(lo, 0)), int(min(hi, days))))
			}}
		}
		if id.Value == "kinetic_by" {
			return val{num: func(r Run) float64 { return float64(r.Kinetic(a, b)) }}
		}
		return val{num: func(r Run) float64 { return float64(r.Kinetic(a, b) + r.Kinetic(b, a)) }}
	case "days_at", "last_day_at":
		a, b := c.pairArgs(args[0], args[1])
		k := c.levelArg(args[2])
		if id.Value == "days_at" {
			return val{num: func(r Run) float64 { d, _ := r.AtOrAbove(a, b, k); return float64(d) }}
		}
		return val{num: func(r Run) float64 { _, l := r.AtOrAbove(a, b, k); return float64(l) }}
	case "campaign_start", "campaign_end":
		k := c.idArg(args[0], "campaign", "a campaign", "strikes", c.v.Campaigns)
		start := id.Value == "campaign_start"
		return val{num: func(r Run) float64 {
			s, e := r.CampaignDays(k)
			if start {
				e = s
			}
			if e < 0 {
				return days
			}
			return float64(e)
		}}
	case "rung_now":
		a, b := c.pairArgs(args[0], args[1])
		return val{num: func(r Run) float64 { return float64(r.RungNow(a, b) - sq) }}
	case "latency", "capability":
		if !c.v.Live {
			return c.fail(n, "%s is known only during a run: use it in an event's when: condition", id.Value)
		}
		a := c.actorArg(args[0])
		if id.Value == "latency" {
			return val{num: func(r Run) float64 { return float64(r.Latency(a)) }}
		}
		return val{num: func(r Run) float64 { return r.Capability(a) }}
	case "noticed":
		a, b := c.pairArgs(args[0], args[1])
		return val{num: func(r Run) float64 { return float64(r.Noticed(a, b)) }}
	case "settled":
		a, b := c.pairArgs(args[0], args[1])
		return val{isBool: true, pred: func(r Run) bool { return r.SettledDay(a, b) >= 0 && r.SettledHeld(a, b) }}
	case "settled_day":
		a, b := c.pairArgs(args[0], args[1])
		return val{num: func(r Run) float64 {
			if d := r.SettledDay(a, b); d >= 0 {
				return float64(d)
			}
			return days
		}}
	case "settlement":
		a, b := c.actorArg(args[0]), c.actorArg(args[1])
		return val{isBool: true, pred: func(r Run) bool { return r.SettlementDay(a, b) >= 0 && r.SettlementHeld(a, b) }}
	case "settlement_day", "ceasefire_day":
		a, b := c.actorArg(args[0]), c.actorArg(args[1])
		get := Run.SettlementDay
		if id.Value == "ceasefire_day" {
			get = Run.CeasefireDay
		}
		return val{num: func(r Run) float64 {
			if d := get(r, a, b); d >= 0 {
				return float64(d)
			}
			return days
		}}
	case "ceasefire_held":
		a, b := c.actorArg(args[0]), c.actorArg(args[1])
		return val{isBool: true, pred: func(r Run) bool {
			return r.CeasefireDay(a, b) >= 0 && (r.CeasefireAtEnd(a, b) || r.SettlementHeld(a, b))
		}}
	case "war_days":
		a, b := c.actorArg(args[0]), c.actorArg(args[1])
		return val{num: func(r Run) float64 { return float64(r.WarDays(a, b)) }}
	case "damage":
		a := c.actorArg(args[0])
		return val{num: func(r Run) float64 { return r.Damage(a) }}
	case "strain":
		a := c.actorArg(args[0])
		return val{num: func(r Run) float64 { return r.Strain(a) }}
	case "support":
		a := c.actorArg(args[0])
		return val{num: func(r Run) float64 { return r.Support(a) }}
	case "nuclear_used":
		return val{isBool: true, pred: func(r Run) bool { return r.NuclearUsed() }}
	case "rivera":
		return val{num: func(r Run) float64 { return r.RiveraMean() }}
	case "pairs_at_or_above":
		k := c.levelArg(args[0])
		n := len(c.v.Actors)
		return val{num: func(r Run) float64 {
			count := 0
			for i := 0; i < n; i++ {
				for j := i + 1; j < n; j++ {
					if r.MaxRung(i, j) >= k || r.MaxRung(j, i) >= k {
						count++
					}
				}
			}
			return float64(count)
		}}
	}
	return c.fail(n, "unknown function %s%s", id.Value, suggest.DidYouMean(id.Value, sigNames()))
}

func sigNames() []string {
	names := make([]string, 0, len(signatures))
	for n := range signatures {
		names = append(names, n)
	}
	slices.Sort(names) // a stable order, so that a tie always suggests the same name
	return names
}
