package lint

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"math"

	"github.com/milint/milint/parser"
)

// toFinding turns one deny object into a finding. The location is, in
// order: the rule's "loc", the grant's range when "grant" is given, the
// range of the value at "path" in the resource (or its nearest existing
// ancestor), the resource's range, line 1 of the unit's entry file.
func toFinding(u *parser.Unit, rf rawFinding, overrides map[string]Severity) Finding {
	md := rf.rule
	f := Finding{Rule: md.ID, Slug: md.Slug}
	f.Severity, _ = ParseSeverity(md.Severity)
	if s, ok := overrides[md.ID]; ok && s > 0 {
		f.Severity = s
	}
	f.Message, _ = rf.obj["msg"].(string)
	if f.Message == "" {
		f.Message = md.Title
	}
	f.Resource, _ = rf.obj["resource"].(string)
	f.Path, _ = rf.obj["path"].(string)

	var g *parser.Grant
	if i, ok := toInt(rf.obj["grant"]); ok && i >= 0 && i < len(u.Grants) {
		g = u.Grants[i]
		if f.Resource == "" {
			f.Resource = g.Resource
		}
		if f.Path == "" {
			f.Path = g.Path
		}
	}
	switch {
	case locOf(rf.obj["loc"], &f.Range):
	case g != nil && !g.Range.IsZero():
		f.Range = g.Range
	default:
		f.Range = Locate(u, u.Resource(f.Resource), f.Path)
	}
	if f.Range.File == "" {
		f.Range.File = unitRange(u).File
	}
	f.Fingerprint = Fingerprint(f.Rule, f.Range.File, f.Resource, f.Path)
	return f
}

// Fingerprint identifies a finding across line moves: hex of the first 16
// bytes of sha256(rule, file, resource, path).
func Fingerprint(rule, file, resource, path string) string {
	h := sha256.New()
	for _, s := range []string{rule, file, resource, path} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// Locate returns the range of a property path in a resource: "properties..."
// walks Properties, "identity" is the identity block (with
// "identity.userAssignedIdentities[i]" its entries), "name", "scope",
// "parent", "condition", "loop", "metadata" their values, "type" and
// "apiVersion" the type, anything else the resource's other attributes.
// A missing path falls back to its nearest existing ancestor, then the
// resource, then line 1 of the unit's entry file.
func Locate(u *parser.Unit, res *parser.Resource, path string) parser.Range {
	if res == nil {
		return unitRange(u)
	}
	fallback := res.Range
	if fallback.IsZero() {
		fallback = unitRange(u)
	}
	segs := parser.SplitPath(path)
	if len(segs) == 0 || segs[0].Index >= 0 {
		return fallback
	}
	rest := segs[1:]
	switch segs[0].Key {
	case "properties":
		return walk(res.Properties, rest, fallback)
	case "identity":
		id := res.Identity
		if id == nil {
			return fallback
		}
		r := orRange(id.Range, fallback)
		if len(rest) >= 2 && rest[0].Key == "userAssignedIdentities" && rest[1].Index >= 0 && rest[1].Index < len(id.UserAssigned) {
			return walk(id.UserAssigned[rest[1].Index], rest[2:], r)
		}
		return r
	case "name":
		return walk(res.Name, rest, fallback)
	case "scope":
		return walk(res.Scope, rest, fallback)
	case "parent":
		return walk(res.Parent, rest, fallback)
	case "condition":
		return walk(res.Condition, rest, fallback)
	case "metadata":
		return walk(res.Metadata, rest, fallback)
	case "loop":
		if res.Loop != nil {
			return orRange(res.Loop.Range, fallback)
		}
		return fallback
	case "type", "apiVersion":
		return orRange(res.TypeRange, fallback)
	}
	return walk(res.Extra, segs, fallback)
}

// walk follows segs from v and returns the range of the deepest value found
// with a position, or fallback.
func walk(v *parser.Value, segs []parser.PathSeg, fallback parser.Range) parser.Range {
	if v == nil {
		return fallback
	}
	best := orRange(v.Range, fallback)
	cur := v
	for _, s := range segs {
		var next *parser.Value
		if s.Index >= 0 {
			if cur.Kind == parser.KindArray && s.Index < len(cur.Items) {
				next = cur.Items[s.Index]
			}
		} else {
			next = cur.Get(s.Key)
		}
		if next == nil {
			break
		}
		cur = next
		best = orRange(cur.Range, best)
	}
	return best
}

func orRange(r, fallback parser.Range) parser.Range {
	if r.IsZero() {
		return fallback
	}
	if r.File == "" {
		r.File = fallback.File
	}
	return r
}

// locOf reads a rule-supplied {file, line, column, endLine, endColumn}.
func locOf(x any, out *parser.Range) bool {
	m, ok := x.(map[string]any)
	if !ok {
		return false
	}
	line, ok := toInt(m["line"])
	if !ok || line <= 0 {
		return false
	}
	var r parser.Range
	r.File, _ = m["file"].(string)
	r.Start.Line = line
	r.Start.Column, _ = toInt(m["column"])
	if r.Start.Column <= 0 {
		r.Start.Column = 1
	}
	r.End.Line, _ = toInt(m["endLine"])
	r.End.Column, _ = toInt(m["endColumn"])
	if r.End.Line <= 0 {
		r.End = r.Start
	}
	*out = r
	return true
}

func toInt(x any) (int, bool) {
	switch n := x.(type) {
	case json.Number:
		i, err := n.Int64()
		if err != nil {
			f, err := n.Float64()
			if err != nil || f != math.Trunc(f) {
				return 0, false
			}
			return int(f), true
		}
		return int(i), true
	case float64:
		if n != math.Trunc(n) {
			return 0, false
		}
		return int(n), true
	case int:
		return n, true
	case int64:
		return int(n), true
	}
	return 0, false
}
