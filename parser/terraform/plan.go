package terraform

import (
	"bytes"
	"encoding/json"
	"fmt"
	"path/filepath"
	"runtime/debug"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/milint/milint/parser"
)

// Plan JSON (terraform show -json) support. encoding/json reads the plan;
// positions come from a scan for each resource's "address" key, and every
// value of a resource carries the range of that key (plan JSON is usually
// one line, so the column tells resources apart).

// IsPlan reports whether data is a Terraform plan JSON document: an
// object with "format_version" and "planned_values" or "resource_changes"
// at its top level. It only looks at top-level keys.
func IsPlan(data []byte) bool {
	data = bytes.TrimSpace(parser.StripBOM(data))
	if len(data) == 0 || data[0] != '{' {
		return false
	}
	if !bytes.Contains(data, []byte(`"format_version"`)) ||
		(!bytes.Contains(data, []byte(`"planned_values"`)) && !bytes.Contains(data, []byte(`"resource_changes"`))) {
		return false
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return false
	}
	var fv, pv bool
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return false
		}
		k, _ := t.(string)
		switch k {
		case "format_version":
			fv = true
		case "planned_values", "resource_changes":
			pv = true
		}
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return false
		}
	}
	return fv && pv
}

type planDoc struct {
	FormatVersion string                         `json:"format_version"`
	Variables     map[string]struct{ Value any } `json:"variables"`
	PlannedValues struct {
		RootModule planModule `json:"root_module"`
	} `json:"planned_values"`
	ResourceChanges []struct {
		Address string `json:"address"`
		Change  struct {
			Actions []string `json:"actions"`
		} `json:"change"`
	} `json:"resource_changes"`
	Configuration struct {
		RootModule *configModule `json:"root_module"`
	} `json:"configuration"`
}

type planModule struct {
	Address      string         `json:"address"`
	Resources    []planResource `json:"resources"`
	ChildModules []planModule   `json:"child_modules"`
}

type planResource struct {
	Address string         `json:"address"`
	Mode    string         `json:"mode"`
	Type    string         `json:"type"`
	Name    string         `json:"name"`
	Index   any            `json:"index"`
	Values  map[string]any `json:"values"`
}

type configModule struct {
	Resources []struct {
		Address     string         `json:"address"`
		Mode        string         `json:"mode"`
		Type        string         `json:"type"`
		Name        string         `json:"name"`
		Expressions map[string]any `json:"expressions"`
	} `json:"resources"`
	ModuleCalls map[string]struct {
		Source string        `json:"source"`
		Module *configModule `json:"module"`
	} `json:"module_calls"`
	Variables map[string]struct {
		Default   any  `json:"default"`
		Sensitive bool `json:"sensitive"`
	} `json:"variables"`
}

// LoadPlan reads a plan JSON file into a unit of format "terraform-plan".
func (l *Loader) LoadPlan(path string) (out *parser.Unit, diags parser.Diagnostics) {
	path = filepath.Clean(path)
	u := &unit{l: l, seen: map[string]bool{}, rootDir: filepath.Dir(path), natives: map[string]string{},
		u: &parser.Unit{Entry: path, Format: "terraform-plan", Sources: map[string][]byte{}}}
	defer func() {
		if r := recover(); r != nil {
			u.diags = append(u.diags, parser.Diagnostic{Severity: parser.SevError,
				Summary: "internal error", Detail: fmt.Sprintf("%v\n%s", r, debug.Stack()), Subject: dirRange(path)})
		}
		out, diags = u.u, u.diags.Sort()
	}()
	data, d := l.opts.ReadFile(path, parser.Range{})
	if d != nil {
		u.diags = append(u.diags, *d)
		return
	}
	u.addFile(path, data)
	var doc planDoc
	if err := json.Unmarshal(parser.StripBOM(data), &doc); err != nil {
		r := dirRange(path)
		if se, ok := err.(*json.SyntaxError); ok {
			p := posAt(data, int(se.Offset))
			r.Start, r.End = p, p
		}
		u.diags.Errorf(r, "invalid plan JSON: %v", err)
		return
	}
	u.loadPlan(&doc, data, path)
	return
}

// planAddrs maps each "address" value to the range of its key, preferring
// occurrences under planned_values.
func planAddrs(data []byte, file string) map[string]parser.Range {
	out := map[string]parser.Range{}
	start := bytes.Index(data, []byte(`"planned_values"`))
	if start < 0 {
		start = 0
	}
	key := []byte(`"address"`)
	scan := func(from, to int) {
		for i := from; i < to; {
			j := bytes.Index(data[i:to], key)
			if j < 0 {
				return
			}
			at := i + j
			k := at + len(key)
			for k < len(data) && (data[k] == ' ' || data[k] == ':' || data[k] == '\t' || data[k] == '\n' || data[k] == '\r') {
				k++
			}
			if k < len(data) && data[k] == '"' {
				var s string
				dec := json.NewDecoder(bytes.NewReader(data[k:]))
				if dec.Decode(&s) == nil {
					if _, dup := out[s]; !dup {
						p := posAt(data, at)
						e := p
						e.Column += len(key)
						e.Byte += len(key)
						out[s] = parser.Range{File: file, Start: p, End: e}
					}
				}
			}
			i = at + len(key)
		}
	}
	scan(start, len(data))
	if start > 0 {
		scan(0, start)
	}
	return out
}

// declAddr strips a trailing instance key: "a.b[0]" → "a.b".
func declAddr(a string) string {
	if strings.HasSuffix(a, "]") {
		if i := strings.LastIndexByte(a, '['); i > 0 {
			// the key may contain "[" inside quotes; addresses are simple enough
			return a[:i]
		}
	}
	return a
}

// moduleID turns "module.a[0].module.b" into "module.a>module.b".
func moduleID(addr string) string {
	if addr == "" {
		return ""
	}
	var parts []string
	rest := addr
	for rest != "" {
		rest = strings.TrimPrefix(rest, "module.")
		i := strings.Index(rest, ".module.")
		seg := rest
		if i >= 0 {
			seg, rest = rest[:i], rest[i+1:]
		} else {
			rest = ""
		}
		parts = append(parts, "module."+declAddr(seg))
	}
	return strings.Join(parts, ">")
}

type planGroup struct {
	res       planResource
	modID     string
	count     int
	indexKind string
}

func (u *unit) loadPlan(doc *planDoc, data []byte, path string) {
	addrs := planAddrs(data, path)
	deleted := map[string]bool{}
	for _, rc := range doc.ResourceChanges {
		if len(rc.Change.Actions) == 1 && rc.Change.Actions[0] == "delete" {
			deleted[rc.Address] = true
		}
	}
	// modules of the configuration, by module id
	mods := map[string]*module{}
	cfgs := map[string]*configModule{}
	var walkCfg func(id, key string, c *configModule, parent *module)
	walkCfg = func(id, key string, c *configModule, parent *module) {
		m := &module{id: id, key: key, dir: u.rootDir, parent: parent, u: u, vars: map[string]*variable{},
			locals: map[string]*local{}, outputs: map[string]*output{}, decls: map[string]*decl{}, calls: map[string]*decl{}}
		mods[id] = m
		cfgs[id] = c
		if c == nil {
			return
		}
		for _, r := range c.Resources {
			kind := "resource"
			addr := r.Type + "." + r.Name
			if r.Mode == "data" {
				kind, addr = "data", "data."+addr
			}
			m.decls[addr] = &decl{kind: kind, typ: r.Type, name: r.Name, addr: addr, mod: m}
			if kind == "resource" {
				u.natives[m.resID(addr)] = r.Type
			}
		}
		names := make([]string, 0, len(c.ModuleCalls))
		for n := range c.ModuleCalls {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			mc := c.ModuleCalls[n]
			cid := m.resID("module." + n)
			ck := n
			if key != "" {
				ck = key + "." + n
			}
			m.calls[n] = &decl{kind: "module", name: n, addr: "module." + n, mod: m, source: mc.Source}
			walkCfg(cid, ck, mc.Module, m)
		}
	}
	walkCfg("", "", doc.Configuration.RootModule, nil)
	root := mods[""]
	// variables
	if rc := doc.Configuration.RootModule; rc != nil {
		names := make([]string, 0, len(rc.Variables))
		for n := range rc.Variables {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			cv := rc.Variables[n]
			r := addrs[n]
			if r.IsZero() {
				r = dirRange(path)
			}
			p := &parser.Parameter{Name: n, Secure: cv.Sensitive, Range: r}
			if cv.Default != nil {
				p.Default = fromJSON(cv.Default, r, 0)
			}
			if v, ok := doc.Variables[n]; ok {
				p.Value = fromJSON(v.Value, r, 0)
				root.vars[n] = &variable{name: n, value: p.Value, block: &hcl.Block{}}
			}
			u.u.Parameters = append(u.u.Parameters, p)
		}
	}
	// planned resources grouped by declaration
	var groups []*planGroup
	byKey := map[string]*planGroup{}
	var calls []string
	seenCall := map[string]bool{}
	var walk func(pm *planModule)
	walk = func(pm *planModule) {
		mid := moduleID(pm.Address)
		if mid != "" && !seenCall[mid] {
			seenCall[mid] = true
			calls = append(calls, mid)
		}
		for _, r := range pm.Resources {
			if r.Mode != "managed" || deleted[r.Address] {
				continue
			}
			k := mid + ">" + r.Type + "." + r.Name
			g := byKey[k]
			if g == nil {
				g = &planGroup{res: r, modID: mid}
				byKey[k] = g
				groups = append(groups, g)
			}
			g.count++
			switch r.Index.(type) {
			case float64:
				g.indexKind = "count"
			case string:
				g.indexKind = "for_each"
			}
		}
		for i := range pm.ChildModules {
			walk(&pm.ChildModules[i])
		}
	}
	walk(&doc.PlannedValues.RootModule)
	for _, cid := range calls {
		r := addrs[strings.ReplaceAll(cid, ">", ".")]
		if r.IsZero() {
			r = dirRange(path)
		}
		parent, name := "", cid
		if i := strings.LastIndex(cid, ">"); i >= 0 {
			parent, name = cid[:i], cid[i+1:]
		}
		u.u.Resources = append(u.u.Resources, &parser.Resource{ID: cid, Type: "Microsoft.Resources/deployments",
			Native: "module", Module: parent, Name: parser.StrValue(strings.TrimPrefix(name, "module."), r), Range: r, TypeRange: r})
	}
	for _, g := range groups {
		m := mods[g.modID]
		if m == nil {
			m = &module{id: g.modID, u: u, vars: map[string]*variable{}, locals: map[string]*local{},
				outputs: map[string]*output{}, decls: map[string]*decl{}, calls: map[string]*decl{}}
			mods[g.modID] = m
		}
		addr := g.res.Type + "." + g.res.Name
		id := m.resID(addr)
		u.natives[id] = g.res.Type
		r := addrs[g.res.Address]
		if r.IsZero() {
			r = dirRange(path)
		}
		res := &parser.Resource{ID: id, Native: g.res.Type, Module: g.modID, Range: r, TypeRange: r}
		if g.indexKind != "" {
			n := g.count
			res.Loop = &parser.Loop{Kind: g.indexKind, Count: &n, Range: r}
		}
		body := pruneNulls(fromJSON(g.res.Values, r, 0))
		if g.res.Values == nil {
			body = parser.ObjectValue(nil, r)
		}
		s := &scope{u: u, m: m}
		if c := cfgs[g.modID]; c != nil {
			for _, cr := range c.Resources {
				if cr.Address == addr && cr.Mode == "managed" {
					s.applyRefs(body, cr.Expressions, r)
				}
			}
		}
		mapResource(s, res, g.res.Type, body)
		u.u.Resources = append(u.u.Resources, res)
	}
	u.fixNames()
}

// applyRefs puts references from configuration expressions into obj where
// the plan has no value (unknown until apply) or where the reference is to
// a resource of the unit or the deployer.
func (s *scope) applyRefs(obj *parser.Value, exprs map[string]any, r parser.Range) {
	if obj == nil || obj.Kind != parser.KindObject {
		return
	}
	keys := make([]string, 0, len(exprs))
	for k := range exprs {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		cur := obj.Get(k)
		switch e := exprs[k].(type) {
		case map[string]any:
			refs, _ := e["references"].([]any)
			if len(refs) == 0 {
				continue
			}
			v := s.planRef(refs, r)
			if v == nil {
				continue
			}
			if cur == nil || cur.Kind == parser.KindNull || (v.Kind == parser.KindRef && v.Ref.Resource == "deployer") {
				obj.Set(k, v)
			}
		case []any:
			// nested blocks: one expressions object per block
			if cur == nil || cur.Kind != parser.KindArray {
				continue
			}
			for i, it := range e {
				if m, ok := it.(map[string]any); ok && i < len(cur.Items) {
					s.applyRefs(cur.Items[i], m, r)
				}
			}
		}
	}
}

// planRef resolves a "references" list: one chain (each entry a prefix of
// the first) is that reference; several are an unknown mentioning them.
func (s *scope) planRef(refs []any, r parser.Range) *parser.Value {
	first, _ := refs[0].(string)
	if first == "" {
		return nil
	}
	chain := true
	var all []parser.Reference
	for _, x := range refs {
		str, _ := x.(string)
		if !strings.HasPrefix(first, str) {
			chain = false
		}
		if v := s.refString(str, r); v != nil {
			all = append(all, refsOf(v)...)
		}
	}
	if chain {
		return s.refString(first, r)
	}
	return parser.UnknownValue(first, r, mergeRefs(all)...)
}

func (s *scope) refString(str string, r parser.Range) *parser.Value {
	t, d := hclsyntax.ParseTraversalAbs([]byte(str), r.File, hcl.InitialPos)
	if d.HasErrors() || len(t) == 0 {
		return nil
	}
	v, ok := s.traversal(t, r)
	if !ok {
		return nil
	}
	return rerange(v, r)
}

// pruneNulls drops null-valued object fields: plan JSON spells an unset
// attribute as null where the configuration simply leaves it out.
func pruneNulls(v *parser.Value) *parser.Value {
	switch v.Kind {
	case parser.KindObject:
		out := v.Fields[:0]
		for _, f := range v.Fields {
			if f.Value.Kind == parser.KindNull {
				continue
			}
			f.Value = pruneNulls(f.Value)
			out = append(out, f)
		}
		v.Fields = out
	case parser.KindArray:
		for i, it := range v.Items {
			v.Items[i] = pruneNulls(it)
		}
	}
	return v
}
