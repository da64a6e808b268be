package arm

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/milint/milint/parser"
)

func fixture(name string) string {
	return filepath.Join("..", "..", "testdata", "arm", filepath.FromSlash(name))
}

// pos returns the 1-based line and column (in runes) of the n-th (1-based)
// occurrence of sub in the file, after the first occurrence of after.
func pos(t *testing.T, file, after, sub string) (int, int) {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	s := string(data)
	start := 0
	if after != "" {
		start = strings.Index(s, after)
		if start < 0 {
			t.Fatalf("%q not in %s", after, file)
		}
	}
	i := strings.Index(s[start:], sub)
	if i < 0 {
		t.Fatalf("%q not in %s after %q", sub, file, after)
	}
	i += start
	line := strings.Count(s[:i], "\n") + 1
	col := len([]rune(s[strings.LastIndex(s[:i], "\n")+1:i])) + 1
	return line, col
}

func load(t *testing.T, opts parser.Options, file string) (*parser.Unit, parser.Diagnostics) {
	t.Helper()
	u, diags := NewLoader(opts).Load(file)
	return u, diags
}

func mustLoad(t *testing.T, opts parser.Options, file string) *parser.Unit {
	t.Helper()
	u, diags := load(t, opts, file)
	if diags.HasErrors() {
		t.Fatalf("errors: %v", diags)
	}
	if u == nil {
		t.Fatal("nil unit")
	}
	return u
}

func res(t *testing.T, u *parser.Unit, id string) *parser.Resource {
	t.Helper()
	r := u.Resource(id)
	if r == nil {
		var ids []string
		for _, r := range u.Resources {
			ids = append(ids, r.ID)
		}
		t.Fatalf("no resource %q; have %s", id, strings.Join(ids, ", "))
	}
	return r
}

func wantDoc(t *testing.T, what string, v *parser.Value, want string) {
	t.Helper()
	if got := doc(v); got != want {
		t.Errorf("%s:\n got  %s\n want %s", what, got, want)
	}
}

func wantLine(t *testing.T, what string, r parser.Range, line, col int) {
	t.Helper()
	if r.Start.Line != line || (col > 0 && r.Start.Column != col) {
		t.Errorf("%s at %d:%d, want %d:%d", what, r.Start.Line, r.Start.Column, line, col)
	}
}

func TestLoadFeatures(t *testing.T) {
	f := fixture("features.json")
	u := mustLoad(t, parser.Options{}, f)
	if u.Format != "arm" || u.Entry != f || u.Files[0] != f || u.Sources[f] == nil || u.TargetScope != "resourceGroup" {
		t.Errorf("unit header: %q %q %v %q", u.Format, u.Entry, u.Files, u.TargetScope)
	}
	uami := "Microsoft.ManagedIdentity/userAssignedIdentities/kv-features-id"
	vaultID := "Microsoft.KeyVault/vaults/kv-features"
	vault := res(t, u, vaultID)
	t.Run("vault", func(t *testing.T) {
		l, c := pos(t, f, `"type": "Microsoft.KeyVault/vaults",`, "")
		_ = c
		wantLine(t, "type", vault.TypeRange, l, 0)
		ol, oc := pos(t, f, `"apiVersion": "2023-01-31"`, "{\n      \"type\": \"Microsoft.KeyVault/vaults\"")
		wantLine(t, "resource", vault.Range, ol, oc)
		pl, pc := pos(t, f, `"type": "Microsoft.KeyVault/vaults",`, `"properties"`)
		wantLine(t, "properties", vault.Properties.Range, pl, pc)
		al, ac := pos(t, f, `"get", `, `"all"`)
		all := vault.Properties.At("accessPolicies[0].permissions.secrets[1]")
		wantDoc(t, "all", all, `"all"`)
		wantLine(t, "all", all.Range, al, ac)
		wantDoc(t, "objectId", vault.Properties.At("accessPolicies[0].objectId"), `{"path":"properties.principalId","ref":"`+uami+`"}`)
		wantDoc(t, "property copy", vault.Properties.Get("extraPolicies"), `[{"objectId":"p1"},{"objectId":"p2"}]`)
		wantDoc(t, "metadata", vault.Metadata, `{"milint:ignore":{"MI201":"legacy"}}`)
		wantDoc(t, "extra", vault.Extra, `{"location":"westeurope"}`)
		if vault.APIVersion != "2019-09-01" || vault.Parent != nil || vault.Scope != nil || vault.Loop != nil || vault.Condition != nil {
			t.Errorf("vault: %+v", vault)
		}
	})
	t.Run("nested child", func(t *testing.T) {
		s := res(t, u, "Microsoft.KeyVault/vaults/secrets/kv-features/dbPassword")
		wantDoc(t, "name", s.Name, `"kv-features/dbPassword"`)
		wantDoc(t, "parent", s.Parent, `{"ref":"`+vaultID+`"}`)
		wantDoc(t, "value", s.Properties.Get("value"), `{"unknown":"[parameters('adminPassword')]"}`)
	})
	t.Run("top-level child", func(t *testing.T) {
		p := res(t, u, "Microsoft.KeyVault/vaults/accessPolicies/kv-features/add")
		wantDoc(t, "parent", p.Parent, `{"ref":"`+vaultID+`"}`)
	})
	t.Run("role assignment", func(t *testing.T) {
		var ra *parser.Resource
		for _, r := range u.Resources {
			if r.Type == "Microsoft.Authorization/roleAssignments" && r.APIVersion == "2022-04-01" {
				ra = r
			}
		}
		if ra == nil {
			t.Fatal("no role assignment")
		}
		wantDoc(t, "scope", ra.Scope, `{"ref":"`+vaultID+`"}`)
		wantDoc(t, "principalId", ra.Properties.Get("principalId"), `{"path":"properties.principalId","ref":"`+uami+`"}`)
		wantDoc(t, "roleDefinitionId", ra.Properties.Get("roleDefinitionId"), `"/subscriptions/{subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/4633458b-17de-408a-b874-0445c86b69e6"`)
		if !strings.HasPrefix(ra.ID, "Microsoft.Authorization/roleAssignments/") {
			t.Errorf("id %s", ra.ID)
		}
	})
	t.Run("legacy role assignments", func(t *testing.T) {
		var legacy []*parser.Resource
		for _, r := range u.Resources {
			if r.APIVersion == "2018-01-01-preview" {
				legacy = append(legacy, r)
			}
		}
		if len(legacy) != 2 {
			t.Fatalf("%d legacy assignments", len(legacy))
		}
		for _, r := range legacy {
			if r.Type != "Microsoft.Authorization/roleAssignments" {
				t.Errorf("type %s", r.Type)
			}
		}
		wantDoc(t, "scope in unit", legacy[0].Scope, `{"ref":"`+vaultID+`"}`)
		wantDoc(t, "principal", legacy[0].Properties.Get("principalId"), `{"path":"objectId","ref":"deployer"}`)
		wantDoc(t, "scope outside", legacy[1].Scope, `"/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.KeyVault/vaults/otherVault"`)
		wantDoc(t, "name", legacy[1].Name, `"fixed-guid"`)
	})
	t.Run("copy condition identity", func(t *testing.T) {
		sa := res(t, u, "Microsoft.Storage/storageAccounts/[concat('sa', copyIndex())]")
		if sa.Loop == nil || sa.Loop.Kind != "copy" || sa.Loop.Count == nil || *sa.Loop.Count != 3 {
			t.Errorf("loop %+v", sa.Loop)
		}
		wantDoc(t, "condition", sa.Condition, `false`)
		if sa.Identity == nil || sa.Identity.Type != "SystemAssigned, UserAssigned" || len(sa.Identity.UserAssigned) != 1 {
			t.Fatalf("identity %+v", sa.Identity)
		}
		wantDoc(t, "uami", sa.Identity.UserAssigned[0], `{"path":"id","ref":"`+uami+`"}`)
		conn := sa.Properties.Get("conn")
		if conn.Kind != parser.KindUnknown || len(conn.Refs) != 1 || conn.Refs[0] != (parser.Reference{Resource: "Microsoft.Storage/storageAccounts/salogs", Path: "listKeys().keys[0].value"}) {
			t.Errorf("conn %s", doc(conn))
		}
		wantDoc(t, "variable copy", sa.Properties.Get("names"), `["n0","n1"]`)
	})
	t.Run("parameters", func(t *testing.T) {
		byName := map[string]*parser.Parameter{}
		for _, p := range u.Parameters {
			byName[p.Name] = p
		}
		if p := byName["adminPassword"]; p == nil || !p.Secure || p.Default != nil || p.Value.Kind != parser.KindUnknown {
			t.Errorf("adminPassword %+v", p)
		}
		if p := byName["seed"]; p == nil || !p.DefaultGenerated || p.Secure {
			t.Errorf("seed %+v", p)
		}
		if p := byName["vaultName"]; p == nil || p.DefaultGenerated || doc(p.Value) != `"kv-features"` {
			t.Errorf("vaultName %+v", p)
		}
		l, c := pos(t, f, "", `"vaultName": { "type"`)
		wantLine(t, "param", byName["vaultName"].Range, l, c)
	})
}

func TestLoadLanguageVersion2(t *testing.T) {
	f := fixture("lang2/main.json")
	u := mustLoad(t, parser.Options{}, f)
	kv := res(t, u, "kv")
	if !kv.Existing || kv.Type != "Microsoft.KeyVault/vaults" {
		t.Errorf("kv %+v", kv)
	}
	l, c := pos(t, f, "", `"kv": {`)
	wantLine(t, "kv", kv.Range, l, c)
	grant := res(t, u, "grant")
	wantDoc(t, "scope", grant.Scope, `{"ref":"kv"}`)
	wantDoc(t, "principal", grant.Properties.Get("principalId"), `{"path":"identity.principalId","ref":"app"}`)
	if grant.Name.Kind != parser.KindString {
		t.Errorf("name %s", doc(grant.Name))
	}
	if app := res(t, u, "app"); app.Identity == nil || app.Identity.Type != "SystemAssigned" {
		t.Errorf("identity %+v", app.Identity)
	}
}

func TestLoadNested(t *testing.T) {
	f := fixture("nested/main.json")
	u, diags := load(t, parser.Options{}, f)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	const dep = "Microsoft.Resources/deployments/"
	inner := res(t, u, dep+"innerDep>Microsoft.KeyVault/vaults/outer-kv-inner")
	if inner.Module != dep+"innerDep" {
		t.Errorf("module %q", inner.Module)
	}
	// Inner scope: the value passed in wins over the inner default, and
	// carries the range where the inner template uses it.
	rb := inner.Properties.Get("enableRbacAuthorization")
	wantDoc(t, "inner rbac", rb, `false`)
	l, c := pos(t, f, `"name": "[parameters('name')]"`, `"[parameters('rbac')]"`)
	wantLine(t, "inner rbac", rb.Range, l, c)
	// Outer scope: the parent's parameters and variables.
	outer := res(t, u, dep+"outerDep>Microsoft.KeyVault/vaults/outer-kv-outer")
	wantDoc(t, "outer rbac", outer.Properties.Get("enableRbacAuthorization"), `false`)
	d := res(t, u, dep+"innerDep")
	if d.Properties.Get("template") != nil {
		t.Error("deployment properties keep the template")
	}
	wantDoc(t, "passed parameter", d.Properties.At("parameters.name.value"), `"outer-kv-inner"`)
	// Linked template (relativePath) followed.
	linked := res(t, u, dep+"linkedDep>Microsoft.ManagedIdentity/userAssignedIdentities/outer-kv-id")
	if want := fixture("nested/linked/child.json"); linked.Range.File != want || len(u.Files) != 2 || u.Files[1] != want || u.Sources[want] == nil {
		t.Errorf("linked file %s, files %v", linked.Range.File, u.Files)
	}
	// URI: a note.
	var notes []string
	for _, d := range diags {
		if d.Severity == parser.SevNote {
			notes = append(notes, d.Error())
		}
	}
	if len(notes) != 1 || !strings.Contains(notes[0], "linked template not followed") {
		t.Errorf("notes %v", notes)
	}
	// Inner parameters are listed with the deployment prefix.
	found := false
	for _, p := range u.Parameters {
		if p.Name == dep+"innerDep>rbac" {
			found = true
			wantDoc(t, "inner param value", p.Value, `false`)
		}
	}
	if !found {
		t.Error("inner parameter missing")
	}
}

func TestLoadLinkErrors(t *testing.T) {
	t.Run("cycle", func(t *testing.T) {
		u, diags := load(t, parser.Options{}, fixture("linkcycle/a.json"))
		if u == nil || !diags.HasErrors() || !strings.Contains(diags.Sort()[0].Error(), "linked template cycle: a.json -> b.json -> a.json") {
			t.Errorf("got %v", diags)
		}
	})
	t.Run("escape root", func(t *testing.T) {
		root := fixture("escape/inner")
		u, diags := load(t, parser.Options{Root: root}, fixture("escape/inner/main.json"))
		if u == nil || len(diags) != 1 || !strings.Contains(diags[0].Error(), "outside the repository root") {
			t.Errorf("got %v", diags)
		}
		l, _ := pos(t, fixture("escape/inner/main.json"), "", `"../outside.json"`)
		wantLine(t, "escape", diags[0].Subject, l, 0)
		// Inside the root it is read.
		u, diags = load(t, parser.Options{Root: fixture("escape")}, fixture("escape/inner/main.json"))
		if diags.HasErrors() || len(u.Files) != 2 {
			t.Errorf("got %v %v", diags, u.Files)
		}
	})
	t.Run("module depth", func(t *testing.T) {
		dir := t.TempDir()
		nested := `{"type": "Microsoft.Resources/deployments", "apiVersion": "2022-09-01", "name": "d%d",
		  "properties": {"template": {"resources": [%s]}}}`
		inner := `{"type": "Microsoft.Storage/storageAccounts", "apiVersion": "2023-01-01", "name": "sa"}`
		for i := 3; i >= 1; i-- {
			inner = strings.Replace(strings.Replace(nested, "%d", string(rune('0'+i)), 1), "%s", inner, 1)
		}
		tmpl := `{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#", "resources": [` + inner + `]}`
		p := filepath.Join(dir, "t.json")
		if err := os.WriteFile(p, []byte(tmpl), 0o644); err != nil {
			t.Fatal(err)
		}
		u, diags := load(t, parser.Options{MaxModuleDepth: 2}, p)
		if !diags.HasErrors() || !strings.Contains(diags[0].Message(), "nested too deeply") {
			t.Errorf("got %v", diags)
		}
		if len(u.Resources) != 3 {
			t.Errorf("%d resources", len(u.Resources))
		}
		u, diags = load(t, parser.Options{}, p)
		if diags.HasErrors() || len(u.Resources) != 4 || u.Resources[3].ID != "Microsoft.Resources/deployments/d1>Microsoft.Resources/deployments/d2>Microsoft.Resources/deployments/d3>Microsoft.Storage/storageAccounts/sa" {
			t.Errorf("got %v %d", diags, len(u.Resources))
		}
	})
}

func TestParameterFiles(t *testing.T) {
	vault := fixture("rbac-param/vault.json")
	flag := func(u *parser.Unit) *parser.Value {
		for _, r := range u.Resources {
			if r.Type == "Microsoft.KeyVault/vaults" {
				return r.Properties.Get("enableRbacAuthorization")
			}
		}
		t.Fatal("no vault")
		return nil
	}
	fl, fc := pos(t, vault, "", `"[parameters('rbac')]"`)
	t.Run("no default stays unknown", func(t *testing.T) {
		u := mustLoad(t, parser.Options{}, vault)
		v := flag(u)
		wantDoc(t, "flag", v, `{"unknown":"[parameters('rbac')]"}`)
		wantLine(t, "flag", v.Range, fl, fc)
		if len(u.Files) != 1 {
			t.Errorf("files %v", u.Files)
		}
	})
	t.Run("explicit parameter file", func(t *testing.T) {
		pf := fixture("rbac-param/vault.parameters.rbacfalse.json")
		u := mustLoad(t, parser.Options{ParamFiles: []string{pf}}, vault)
		v := flag(u)
		wantDoc(t, "flag", v, `false`)
		// The range is where the template uses the parameter.
		wantLine(t, "flag", v.Range, fl, fc)
		if v.Range.File != vault {
			t.Errorf("file %s", v.Range.File)
		}
		if len(u.Files) != 2 || u.Files[1] != pf {
			t.Errorf("files %v", u.Files)
		}
		if u.Resources[0].ID != "Microsoft.KeyVault/vaults/kv-prod" {
			t.Errorf("id %s", u.Resources[0].ID)
		}
	})
	t.Run("convention", func(t *testing.T) {
		u := mustLoad(t, parser.Options{}, fixture("rbac-conv/azuredeploy.json"))
		wantDoc(t, "flag", flag(u), `false`)
		if u.Resources[0].ID != "Microsoft.KeyVault/vaults/kv-conv" {
			t.Errorf("id %s", u.Resources[0].ID)
		}
	})
	t.Run("unmatched explicit file binds to the single entry", func(t *testing.T) {
		l := NewLoader(parser.Options{ParamFiles: []string{fixture("rbac-conv/azuredeploy.parameters.json")}})
		u, _ := l.Load(vault)
		wantDoc(t, "flag without SetEntries", flag(u), `{"unknown":"[parameters('rbac')]"}`)
		l = NewLoader(parser.Options{ParamFiles: []string{fixture("rbac-conv/azuredeploy.parameters.json")}})
		l.SetEntries([]string{vault})
		u, diags := l.Load(vault)
		if diags.HasErrors() {
			t.Fatal(diags)
		}
		wantDoc(t, "flag", flag(u), `false`)
	})
	t.Run("key vault reference stays unknown", func(t *testing.T) {
		dir := t.TempDir()
		tmpl, _ := os.ReadFile(vault)
		if err := os.WriteFile(filepath.Join(dir, "kv.json"), tmpl, 0o644); err != nil {
			t.Fatal(err)
		}
		pf := `{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#",
		  "parameters": {"rbac": {"reference": {"keyVault": {"id": "x"}, "secretName": "s"}}}}`
		if err := os.WriteFile(filepath.Join(dir, "kv.parameters.json"), []byte(pf), 0o644); err != nil {
			t.Fatal(err)
		}
		u := mustLoad(t, parser.Options{}, filepath.Join(dir, "kv.json"))
		if v := flag(u); v.Kind != parser.KindUnknown {
			t.Errorf("flag %s", doc(v))
		}
	})
	t.Run("not a parameter file", func(t *testing.T) {
		_, diags := load(t, parser.Options{ParamFiles: []string{fixture("features.json")}}, vault)
		_ = diags // features.json is not named after vault.json: not bound.
		l := NewLoader(parser.Options{ParamFiles: []string{fixture("features.json")}})
		l.SetEntries([]string{vault})
		_, diags = l.Load(vault)
		if !diags.HasErrors() || !strings.Contains(diags[0].Message(), "not a deployment parameter file") {
			t.Errorf("got %v", diags)
		}
	})
}

func TestLoadBadInput(t *testing.T) {
	t.Run("malformed JSON", func(t *testing.T) {
		u, diags := load(t, parser.Options{}, fixture("malformed.json"))
		if u == nil {
			t.Fatal("a template with a syntax error still yields a unit")
		}
		if len(diags) != 1 || !strings.HasSuffix(diags[0].Error(), fixture("malformed.json")+":6:5: unexpected '{': expected ',' or ']' after an array element") {
			t.Errorf("got %v", diags)
		}
	})
	t.Run("unterminated expression", func(t *testing.T) {
		f := fixture("unterminated-expr.json")
		u, diags := load(t, parser.Options{}, f)
		if u == nil || len(diags) != 2 {
			t.Fatalf("got %v", diags)
		}
		l1, c1 := pos(t, f, "", `"[concat('sa', 'x')"`)
		l2, c2 := pos(t, f, "", `"[concat('west'`)
		wantLine(t, "first", diags[0].Subject, l1, c1)
		wantLine(t, "second", diags[1].Subject, l2, c2)
		if !strings.Contains(diags[0].Message(), "unterminated expression") || !strings.Contains(diags[1].Message(), "invalid expression") {
			t.Errorf("got %v", diags)
		}
	})
	t.Run("variable cycles", func(t *testing.T) {
		f := fixture("cycle.json")
		u, diags := load(t, parser.Options{}, f)
		if u == nil || len(diags) != 2 {
			t.Fatalf("got %v", diags)
		}
		l, c := pos(t, f, "", `"self"`)
		wantLine(t, "self", diags[0].Subject, l, c)
		if diags[0].Summary != "variable 'self' refers to itself" {
			t.Errorf("got %q", diags[0].Summary)
		}
		if diags[1].Summary != "variable cycle: a -> b -> c -> a" {
			t.Errorf("got %q", diags[1].Summary)
		}
		if len(u.Resources) != 2 || u.Resources[0].Name.Kind != parser.KindUnknown {
			t.Errorf("resources %v", u.Resources)
		}
	})
	t.Run("too large", func(t *testing.T) {
		u, diags := load(t, parser.Options{MaxFileSize: 100}, fixture("features.json"))
		if u != nil || len(diags) != 1 || diags[0].Summary != "file too large" {
			t.Errorf("got %v %v", u, diags)
		}
	})
	t.Run("nesting too deep", func(t *testing.T) {
		u, diags := load(t, parser.Options{MaxDepth: 3}, fixture("features.json"))
		if u == nil || len(diags) != 1 || diags[0].Summary != "nesting too deep" {
			t.Errorf("got %v", diags)
		}
	})
	t.Run("not a template", func(t *testing.T) {
		for _, f := range []string{"package.json", "rbac-conv/azuredeploy.parameters.json"} {
			u, diags := load(t, parser.Options{}, fixture(f))
			if u != nil || len(diags) != 0 {
				t.Errorf("%s: got %v %v", f, u, diags)
			}
		}
	})
	t.Run("missing file", func(t *testing.T) {
		u, diags := load(t, parser.Options{}, fixture("nope.json"))
		if u != nil || len(diags) != 1 || diags[0].Summary != "cannot read file" {
			t.Errorf("got %v %v", u, diags)
		}
	})
	t.Run("template not an object", func(t *testing.T) {
		dir := t.TempDir()
		p := filepath.Join(dir, "t.json")
		_ = os.WriteFile(p, []byte(`[{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#"}]`), 0o644)
		u, diags := load(t, parser.Options{}, p)
		if u == nil || !diags.HasErrors() {
			t.Errorf("got %v %v", u, diags)
		}
	})
}

func TestLoadModule(t *testing.T) {
	from := parser.Range{File: "main.bicep", Start: parser.Pos{Line: 3, Column: 1}}
	l := NewLoader(parser.Options{})
	params := map[string]*parser.Value{
		"vaultName": parser.StrValue("kv-mod", from),
		"rbac":      parser.BoolValue(false, from),
	}
	rs, ps, files, diags := l.LoadModule(fixture("rbac-param/vault.json"), params, "kvMod", from)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	if len(rs) != 1 || rs[0].ID != "kvMod>Microsoft.KeyVault/vaults/kv-mod" || rs[0].Module != "kvMod" {
		t.Fatalf("resources %+v", rs)
	}
	wantDoc(t, "flag", rs[0].Properties.Get("enableRbacAuthorization"), `false`)
	if len(ps) != 2 || len(files) != 1 {
		t.Errorf("params %d files %v", len(ps), files)
	}
	_, _, _, diags = l.LoadModule(fixture("nope.json"), nil, "m", from)
	if len(diags) != 1 || diags[0].Subject.File != "main.bicep" {
		t.Errorf("missing module: %v", diags)
	}
	_, _, _, diags = l.LoadModule(fixture("package.json"), nil, "m", from)
	if len(diags) != 1 || !strings.Contains(diags[0].Message(), "not an ARM deployment template") {
		t.Errorf("not a template: %v", diags)
	}
}

func TestLoaderConcurrent(t *testing.T) {
	l := NewLoader(parser.Options{})
	var wg sync.WaitGroup
	counts := make([]int, 8)
	for i := range counts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			u, _ := l.Load(fixture("nested/main.json"))
			counts[i] = len(u.Resources)
		}()
	}
	wg.Wait()
	for _, c := range counts {
		if c != counts[0] || c == 0 {
			t.Errorf("counts %v", counts)
		}
	}
}
