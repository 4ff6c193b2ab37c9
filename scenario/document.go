package scenario

import (
	"bytes"
	"reflect"
	"strconv"
	"strings"
)

// Document is a YAML file other than a scenario (a backtest record, say)
// decoded with the scenario loader's machinery: the same safety limits, the
// same positioned problems, the same "did you mean" for unknown fields. It
// keeps what the later checks of its owner need to point at a place.
type Document struct {
	file string
	src  []byte
	root *node
	pos  map[string]Pos
}

// Decode parses src and fills v, a pointer to a struct whose fields carry
// yaml tags (and optional doc tags), as the scenario types do. A string
// field takes any scalar as written, so that yes/no, a date or a number can
// be read by the caller. The error, when there is one, is Problems: every
// problem found, sorted by position. The Document is nil only when the file
// could not be parsed at all.
func Decode(file string, src []byte, v any) (*Document, error) {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.Elem().Kind() != reflect.Struct {
		panic("scenario.Decode: v must be a pointer to a struct") // a bug in the caller
	}
	root, probs := parseYAML(file, src)
	if len(probs) > 0 {
		return nil, probs.sorted()
	}
	d := &decoder{file: file, pos: map[string]Pos{}}
	what := noun(rv.Elem().Type())
	if root == nil || root.kind == nullNode {
		d.errf(Pos{1, 1}, "%s: the file is empty", what)
	} else {
		d.decode(root, rv.Elem(), "", what)
	}
	doc := &Document{file: file, src: bytes.Clone(src), root: root, pos: d.pos}
	if len(d.probs) > 0 {
		return doc, d.probs.sorted()
	}
	return doc, nil
}

// File is the name used in the document's messages.
func (d *Document) File() string { return d.file }

// At is the position of the value at path ("classes.2.outcome"), or of the
// nearest enclosing value that has one, or 1:1.
func (d *Document) At(path string) Pos {
	for {
		if p, ok := d.pos[path]; ok {
			return p
		}
		i := strings.LastIndexByte(path, '.')
		if i < 0 {
			if p, ok := d.pos[""]; ok {
				return p
			}
			return Pos{1, 1}
		}
		path = path[:i]
	}
}

// Problem is a problem at the value at path.
func (d *Document) Problem(path, msg string) Problem {
	return Problem{File: d.file, Pos: d.At(path), Msg: msg}
}

// OffsetPos is the position of the byte offset inside the string scalar at
// path (an outcome expression whose compile error has an offset), read as
// written: plain, quoted with escapes, or a block.
func (d *Document) OffsetPos(path string, offset int) Pos {
	n := d.root
	for _, part := range strings.Split(path, ".") {
		switch {
		case n == nil:
		case n.kind == mapNode:
			n = n.get(part)
		case n.kind == seqNode:
			i, err := strconv.Atoi(part)
			if err != nil || i < 0 || i >= len(n.items) {
				n = nil
			} else {
				n = n.items[i]
			}
		default:
			n = nil
		}
	}
	if n == nil || n.kind != scalarNode {
		return d.At(path)
	}
	return scalarOffsetPos(d.src, n, offset)
}
