package scenario

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	yaml "github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
	"github.com/goccy/go-yaml/token"
)

// Safety limits on what a scenario file may ask of the loader. They keep a
// hostile or broken file from exhausting memory or time; each is far above
// what a real crisis needs.
const (
	MaxFileSize    = 1 << 20 // bytes
	MaxActors      = 1000
	MaxVariants    = 256 // each variant is run on every run index
	MaxOutcomes    = 256
	MaxRungs       = 64
	MaxHorizon     = 100 * 365 // days
	MaxExprLength  = 4096      // characters of one outcome expression
	MaxLabel       = 40        // characters of an outcome's or a variant's label
	MaxDescription = 2000      // characters of an outcome's or a variant's description

	maxDepth       = 64     // nesting of mappings and sequences
	maxNodes       = 200000 // YAML nodes after aliases are expanded
	maxMappingRun  = 10000  // keys of one block mapping (the parser is quadratic in it)
	maxAliasExpand = 50000  // nodes that aliases may add in all
)

// nodeKind is the shape of a YAML value.
type nodeKind uint8

const (
	nullNode nodeKind = iota
	scalarNode
	mapNode
	seqNode
)

// scalarType is what YAML made of a plain scalar; quoted scalars are strings.
type scalarType uint8

const (
	strScalar scalarType = iota
	intScalar
	floatScalar
	boolScalar
)

// node is a YAML value with its position: the loader's own small tree,
// independent of the parser, so that variants can be merged into the base
// and re-decoded with every position intact.
type node struct {
	kind   nodeKind
	styp   scalarType
	text   string // scalar text, as the author wrote it (unquoted)
	style  byte   // how a string scalar was written: 0 plain, '\'', '"', '|' or '>'
	keys   []string
	keyPos []Pos
	vals   []*node // mapping values, parallel to keys
	items  []*node // sequence items
	pos    Pos
}

func (n *node) describe() string {
	switch n.kind {
	case nullNode:
		return "nothing"
	case mapNode:
		return "a mapping"
	case seqNode:
		return "a sequence"
	}
	switch n.styp {
	case intScalar:
		return "the integer " + n.text
	case floatScalar:
		return "the number " + n.text
	case boolScalar:
		return "the boolean " + n.text
	}
	return fmt.Sprintf("%q", n.text)
}

// get returns the value of key in a mapping node, or nil.
func (n *node) get(key string) *node {
	if n == nil || n.kind != mapNode {
		return nil
	}
	for i, k := range n.keys {
		if k == key {
			return n.vals[i]
		}
	}
	return nil
}

// clone copies the tree (merging must not change the base).
func (n *node) clone() *node {
	if n == nil {
		return nil
	}
	c := *n
	c.keys = append([]string(nil), n.keys...)
	c.keyPos = append([]Pos(nil), n.keyPos...)
	if n.vals != nil {
		c.vals = make([]*node, len(n.vals))
		for i, v := range n.vals {
			c.vals[i] = v.clone()
		}
	}
	if n.items != nil {
		c.items = make([]*node, len(n.items))
		for i, v := range n.items {
			c.items[i] = v.clone()
		}
	}
	return &c
}

// textCheck refuses bytes that are not UTF-8 text, such as a binary file
// given by mistake, before the parser quotes them back in its messages.
func textCheck(src []byte) (Problem, bool) {
	line, col := 1, 1
	for i := 0; i < len(src); {
		r, size := utf8.DecodeRune(src[i:])
		if r == 0 || (r == utf8.RuneError && size <= 1) {
			what := "a NUL byte"
			if r != 0 {
				what = fmt.Sprintf("the byte 0x%02x, not UTF-8", src[i])
			}
			return Problem{Pos: Pos{line, col}, Msg: "not a text file: " + what + " (a scenario is a YAML text file)"}, false
		}
		if r == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
		i += size
	}
	return Problem{}, true
}

// parseYAML turns source bytes into a node tree. Problems are syntax errors
// and safety limits; they are returned with positions.
func parseYAML(file string, src []byte) (*node, Problems) {
	if len(src) > MaxFileSize {
		// A bounded reader stops one byte past the limit: the length read
		// is not the file's size.
		return nil, Problems{{File: file, Pos: Pos{1, 1}, Msg: fmt.Sprintf("file is larger than the limit of %d bytes (1 MiB)", MaxFileSize)}}
	}
	if p, ok := textCheck(src); !ok {
		p.File = file
		return nil, Problems{p}
	}
	if p, ok := prescan(src); !ok {
		p.File = file
		return nil, Problems{p}
	}
	f, err := safeParse(src)
	if err != nil {
		return nil, Problems{syntaxProblem(file, err)}
	}
	var body ast.Node
	docs := 0
	for _, d := range f.Docs {
		if d == nil || d.Body == nil {
			continue
		}
		docs++
		if docs == 1 {
			body = d.Body
		} else {
			pos := tokenPos(d.Body)
			return nil, Problems{{File: file, Pos: pos, Msg: "a scenario file holds one YAML document; found a second"}}
		}
	}
	if body == nil {
		return nil, Problems{{File: file, Pos: Pos{1, 1}, Msg: "empty file: expected a scenario mapping"}}
	}
	c := converter{file: file, anchors: map[string]*node{}}
	root := c.convert(body, 0)
	if len(c.probs) > 0 {
		return nil, c.probs
	}
	return root, nil
}

// safeParse runs the YAML parser, turning a parser panic into an error: the
// loader must never crash on any input.
func safeParse(src []byte) (f *ast.File, err error) {
	defer func() {
		if r := recover(); r != nil {
			f, err = nil, fmt.Errorf("the YAML parser failed on this input (%v)", r)
		}
	}()
	return parser.ParseBytes(src, 0)
}

func syntaxProblem(file string, err error) Problem {
	var se *yaml.SyntaxError
	if errors.As(err, &se) && se.Token != nil && se.Token.Position != nil {
		return Problem{File: file, Pos: Pos{se.Token.Position.Line, se.Token.Position.Column}, Msg: "YAML syntax: " + yamlHint(se.Message)}
	}
	msg := err.Error()
	if i := strings.IndexByte(msg, '\n'); i >= 0 {
		msg = msg[:i]
	}
	// goccy's own text begins with "[line:col] "; keep only the message.
	if strings.HasPrefix(msg, "[") {
		if i := strings.Index(msg, "] "); i >= 0 {
			var l, c int
			if _, e := fmt.Sscanf(msg[:i+1], "[%d:%d]", &l, &c); e == nil {
				return Problem{File: file, Pos: Pos{l, c}, Msg: "YAML syntax: " + yamlHint(msg[i+2:])}
			}
		}
	}
	return Problem{File: file, Pos: Pos{1, 1}, Msg: "YAML: " + msg}
}

// yamlHint adds to the YAML parser's messages what they mean for someone
// who writes a scenario by hand and does not know the parser's words; the
// parser's own words stay, for those who do.
func yamlHint(msg string) string {
	switch {
	case strings.HasPrefix(msg, "found character '\t'"):
		// The parser quotes the tab itself, invisible on a terminal.
		return "a tab character cannot indent YAML: indent with spaces only"
	case msg == "mapping value is not allowed in this context":
		return msg + " (a \"key: value\" where none can stand: check the indentation of this line and of the line below, and that a value with a colon is quoted)"
	case msg == "non-map value is specified":
		return msg + " (expected \"key: value\" here: is the colon missing?)"
	}
	return msg
}

// prescan rejects inputs whose shape would make the YAML parser slow or
// deeply recursive (it recurses per nesting level and per key of a block
// mapping), before the parser sees them.
func prescan(src []byte) (Problem, bool) {
	type level struct{ indent, count int }
	var stack []level
	flow := 0
	line := 0
	for len(src) > 0 {
		line++
		end := 0
		for end < len(src) && src[end] != '\n' {
			end++
		}
		l := src[:end]
		if end < len(src) {
			src = src[end+1:]
		} else {
			src = nil
		}
		// Flow nesting, counted outside quotes and comments.
		var quote byte
		for i := 0; i < len(l); i++ {
			ch := l[i]
			switch {
			case quote != 0:
				if ch == quote {
					quote = 0
				}
			case ch == '"' || ch == '\'':
				if i == 0 || l[i-1] == ' ' || l[i-1] == '[' || l[i-1] == '{' || l[i-1] == ',' || l[i-1] == ':' {
					quote = ch
				}
			case ch == '#' && (i == 0 || l[i-1] == ' '):
				i = len(l)
			case ch == '[' || ch == '{':
				flow++
				if flow > maxDepth {
					return Problem{Pos: Pos{line, i + 1}, Msg: fmt.Sprintf("nesting deeper than %d levels", maxDepth)}, false
				}
			case ch == ']' || ch == '}':
				if flow > 0 {
					flow--
				}
			}
		}
		// Block structure: indentation plus compact "- " / "? " entries.
		indent := 0
		for indent < len(l) && l[indent] == ' ' {
			indent++
		}
		rest := l[indent:]
		if len(rest) == 0 || rest[0] == '#' || flow > 0 {
			continue
		}
		compact := 0
		for len(rest) >= 2 && (rest[0] == '-' || rest[0] == '?') && rest[1] == ' ' {
			compact++
			rest = rest[2:]
			for len(rest) > 0 && rest[0] == ' ' {
				rest = rest[1:]
			}
		}
		for len(stack) > 0 && stack[len(stack)-1].indent > indent {
			stack = stack[:len(stack)-1]
		}
		if len(stack) == 0 || stack[len(stack)-1].indent < indent {
			stack = append(stack, level{indent: indent})
		}
		top := &stack[len(stack)-1]
		top.count++
		if top.count > maxMappingRun {
			return Problem{Pos: Pos{line, indent + 1}, Msg: fmt.Sprintf("more than %d entries in one block", maxMappingRun)}, false
		}
		if len(stack)+compact > maxDepth {
			return Problem{Pos: Pos{line, indent + 1}, Msg: fmt.Sprintf("nesting deeper than %d levels", maxDepth)}, false
		}
	}
	return Problem{}, true
}

func tokenPos(n ast.Node) Pos {
	tk := n.GetToken()
	if tk == nil || tk.Position == nil {
		return Pos{1, 1}
	}
	return Pos{tk.Position.Line, tk.Position.Column}
}

// converter turns the parser's AST into nodes, expanding aliases within a
// budget so that an alias bomb cannot blow up.
type converter struct {
	file    string
	anchors map[string]*node
	nodes   int
	aliased int
	probs   Problems
}

func (c *converter) fail(pos Pos, format string, args ...any) *node {
	c.probs = append(c.probs, Problem{File: c.file, Pos: pos, Msg: fmt.Sprintf(format, args...)})
	return &node{kind: nullNode, pos: pos}
}

func (c *converter) convert(n ast.Node, depth int) *node {
	if len(c.probs) > 0 {
		return &node{}
	}
	pos := tokenPos(n)
	c.nodes++
	if c.nodes > maxNodes {
		return c.fail(pos, "file has more than %d YAML values", maxNodes)
	}
	if depth > maxDepth {
		return c.fail(pos, "nesting deeper than %d levels", maxDepth)
	}
	switch v := n.(type) {
	case *ast.NullNode:
		return &node{kind: nullNode, pos: pos, text: ""}
	case *ast.StringNode:
		var style byte
		switch v.Token.Type {
		case token.SingleQuoteType:
			style = '\''
		case token.DoubleQuoteType:
			style = '"'
		}
		return &node{kind: scalarNode, styp: strScalar, text: v.Value, pos: pos, style: style}
	case *ast.LiteralNode:
		s := ""
		if v.Value != nil {
			s = v.Value.Value
		}
		style := byte('|')
		if v.Start != nil && v.Start.Type == token.FoldedType {
			style = '>'
		}
		return &node{kind: scalarNode, styp: strScalar, text: s, pos: pos, style: style}
	case *ast.IntegerNode:
		return &node{kind: scalarNode, styp: intScalar, text: v.Token.Value, pos: pos}
	case *ast.FloatNode:
		return &node{kind: scalarNode, styp: floatScalar, text: v.Token.Value, pos: pos}
	case *ast.InfinityNode, *ast.NanNode:
		return &node{kind: scalarNode, styp: floatScalar, text: n.GetToken().Value, pos: pos}
	case *ast.BoolNode:
		return &node{kind: scalarNode, styp: boolScalar, text: v.Token.Value, pos: pos}
	case *ast.MappingNode:
		out := &node{kind: mapNode, pos: pos}
		for _, mv := range v.Values {
			c.mappingValue(out, mv, depth)
		}
		if !v.IsFlowStyle && len(out.keyPos) > 0 {
			out.pos = out.keyPos[0] // a block mapping is where its first key is
		}
		return out
	case *ast.MappingValueNode:
		out := &node{kind: mapNode, pos: pos}
		c.mappingValue(out, v, depth)
		return out
	case *ast.SequenceNode:
		out := &node{kind: seqNode, pos: pos, items: make([]*node, 0, len(v.Values))}
		for _, item := range v.Values {
			if item == nil {
				out.items = append(out.items, &node{kind: nullNode, pos: pos})
				continue
			}
			out.items = append(out.items, c.convert(item, depth+1))
		}
		return out
	case *ast.AnchorNode:
		name := ""
		if v.Name != nil {
			name = v.Name.GetToken().Value
		}
		var val *node
		if v.Value == nil {
			val = &node{kind: nullNode, pos: pos}
		} else {
			val = c.convert(v.Value, depth)
		}
		c.anchors[name] = val
		return val
	case *ast.AliasNode:
		name := ""
		if v.Value != nil {
			name = v.Value.GetToken().Value
		}
		target, ok := c.anchors[name]
		if !ok {
			return c.fail(pos, "alias *%s refers to no anchor defined before it", name)
		}
		size := target.size()
		c.aliased += size
		c.nodes += size
		if c.aliased > maxAliasExpand || c.nodes > maxNodes {
			return c.fail(pos, "aliases expand to more than %d values", maxAliasExpand)
		}
		// Positions inside an alias point at the anchor's text, which is
		// where the author can fix a problem.
		return target.clone()
	case *ast.TagNode:
		tag := v.Start.Value
		switch tag {
		case "!!str", "!!int", "!!float", "!!bool", "!!null", "!!map", "!!seq":
		default:
			return c.fail(pos, "YAML tag %s is not supported", tag)
		}
		if v.Value == nil {
			return &node{kind: nullNode, pos: pos}
		}
		out := c.convert(v.Value, depth)
		if tag == "!!str" && out.kind == scalarNode {
			out.styp = strScalar
		}
		return out
	case *ast.MergeKeyNode:
		return c.fail(pos, "YAML merge keys (<<) are not supported; write the fields out")
	case *ast.CommentNode, *ast.CommentGroupNode:
		return &node{kind: nullNode, pos: pos}
	case *ast.DocumentNode:
		if v.Body == nil {
			return &node{kind: nullNode, pos: pos}
		}
		return c.convert(v.Body, depth)
	}
	return c.fail(pos, "unsupported YAML construct (%s)", n.Type())
}

func (c *converter) mappingValue(out *node, mv *ast.MappingValueNode, depth int) {
	if len(c.probs) > 0 {
		return
	}
	var key string
	kpos := tokenPos(mv)
	switch k := mv.Key.(type) {
	case *ast.MappingKeyNode:
		c.fail(tokenPos(k), "complex mapping keys (?) are not supported")
		return
	case *ast.MergeKeyNode:
		c.fail(tokenPos(k), "YAML merge keys (<<) are not supported; write the fields out")
		return
	case ast.ScalarNode:
		kpos = tokenPos(k)
		kn := c.convert(k, depth+1)
		if kn.kind == mapNode || kn.kind == seqNode {
			c.fail(kpos, "mapping keys must be plain words")
			return
		}
		key = kn.text
	default:
		if mv.Key != nil {
			kpos = tokenPos(mv.Key)
		}
		c.fail(kpos, "mapping keys must be plain words")
		return
	}
	for i, k := range out.keys {
		if k == key {
			c.fail(kpos, "key %q repeated (first at line %d)", key, out.keyPos[i].Line)
			return
		}
	}
	var val *node
	if mv.Value == nil {
		val = &node{kind: nullNode, pos: kpos}
	} else {
		val = c.convert(mv.Value, depth+1)
	}
	out.keys = append(out.keys, key)
	out.keyPos = append(out.keyPos, kpos)
	out.vals = append(out.vals, val)
}

func (n *node) size() int {
	s := 1
	for _, v := range n.vals {
		s += v.size()
	}
	for _, v := range n.items {
		s += v.size()
	}
	return s
}
