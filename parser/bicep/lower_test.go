package bicep

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/milint/milint/parser"
)

const fixtures = "../../testdata/bicep"

func load(t *testing.T, opts parser.Options, rel string) (*parser.Unit, parser.Diagnostics) {
	t.Helper()
	u, diags := NewLoader(opts).Load(filepath.Join(fixtures, rel))
	if u == nil {
		t.Fatal("nil unit")
	}
	return u, diags
}

func mustRes(t *testing.T, u *parser.Unit, id string) *parser.Resource {
	t.Helper()
	r := u.Resource(id)
	if r == nil {
		var ids []string
		for _, r := range u.Resources {
			ids = append(ids, r.ID)
		}
		t.Fatalf("resource %q not found in %v", id, ids)
	}
	return r
}

func refIs(v *parser.Value, res, path string) bool {
	return v != nil && v.Kind == parser.KindRef && v.Ref.Resource == res && v.Ref.Path == path
}

func TestLowerReferencesAndValues(t *testing.T) {
	u, diags := load(t, parser.Options{}, "lower/main.bicep")
	if diags.HasErrors() {
		t.Fatalf("errors: %v", diags)
	}
	if u.Format != "bicep" || u.TargetScope != "resourceGroup" || len(u.Files) != 1 || u.Sources[u.Files[0]] == nil {
		t.Errorf("unit header: %q %q %v", u.Format, u.TargetScope, u.Files)
	}
	kv := mustRes(t, u, "kv")
	tests := []struct {
		name string
		ok   bool
	}{
		{"kv type/api", kv.Type == "Microsoft.KeyVault/vaults" && kv.APIVersion == "2023-07-01"},
		{"kv name from interpolated param default", kv.Name.Str == "kv-prod"},
		{"rbac flag from param default", kv.Properties.At("enableRbacAuthorization").Kind == parser.KindBool && !kv.Properties.At("enableRbacAuthorization").Bool},
		{"tenantId placeholder", kv.Properties.At("tenantId").Str == "{tenantId}"},
		{"uami principal ref", refIs(kv.Properties.At("accessPolicies[0].objectId"), "uami", "properties.principalId")},
		{"deployer ref", refIs(kv.Properties.At("accessPolicies[1].objectId"), "deployer", "objectId")},
		{"permission entry", kv.Properties.At("accessPolicies[0].permissions.secrets[0]").Str == "all"},
		{"location placeholder", kv.Extra.Get("location").Str == "{location}"},
	}
	for _, tt := range tests {
		if !tt.ok {
			t.Errorf("%s", tt.name)
		}
	}

	sec := mustRes(t, u, "kv::secret")
	if sec.Type != "Microsoft.KeyVault/vaults/secrets" || sec.Name.Str != "kv-prod/db-password" || !refIs(sec.Parent, "kv", "") || sec.APIVersion != "2023-07-01" {
		t.Errorf("nested child: %+v %v", sec, sec.Name.Document())
	}
	pol := mustRes(t, u, "policies")
	if pol.Name.Str != "kv-prod/add" || !refIs(pol.Parent, "kv", "") {
		t.Errorf("parent: property: name %v parent %v", pol.Name.Document(), pol.Parent.Document())
	}
	if items := pol.Properties.At("accessPolicies"); items == nil || len(items.Items) != 2 || !refIs(items.Items[1].Get("objectId"), "apps", "identity.principalId") {
		t.Errorf("for-expression over a static array: %v", pol.Properties.Document())
	}

	apps := mustRes(t, u, "apps")
	if apps.Loop == nil || apps.Loop.Kind != "for" || apps.Loop.Count == nil || *apps.Loop.Count != 2 {
		t.Errorf("loop: %+v", apps.Loop)
	}
	if apps.Identity == nil || apps.Identity.Type != "SystemAssigned, UserAssigned" || len(apps.Identity.UserAssigned) != 1 || !refIs(apps.Identity.UserAssigned[0], "uami", "id") {
		t.Errorf("identity: %+v", apps.Identity)
	}
	setting := apps.Properties.At("siteConfig.appSettings[0].value")
	if setting.Kind != parser.KindUnknown || len(setting.Refs) != 1 || setting.Refs[0] != (parser.Reference{Resource: "sa", Path: "listKeys().keys[0].value"}) {
		t.Errorf("listKeys in a connection string: %v", setting.Document())
	}

	sa := mustRes(t, u, "sa")
	if sa.Condition == nil || sa.Condition.Kind != parser.KindBool || sa.Condition.Bool {
		t.Errorf("condition: %v", sa.Condition.Document())
	}
	if n, ok := sa.Name.String(); !ok || !strings.HasPrefix(n, "st") || len(n) != 15 {
		t.Errorf("uniqueString name: %v", sa.Name.Document())
	}

	gu := mustRes(t, u, "grantUser")
	if !refIs(gu.Scope, "kv", "") || gu.Properties.At("roleDefinitionId").Str != RoleNamePrefix+"Key Vault Secrets User" {
		t.Errorf("roleDefinitions convention / scope: %v %v", gu.Scope.Document(), gu.Properties.Document())
	}
	ga := mustRes(t, u, "grantAdmin")
	if ga.Scope.Str != rgID || ga.Loop == nil || *ga.Loop.Count != 2 || !refIs(ga.Properties.At("principalId"), "apps", "identity.principalId") ||
		ga.Properties.At("roleDefinitionId").Str != "/subscriptions/{subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/00482a5a-887f-4fb3-b363-3b7fe8e74483" {
		t.Errorf("grantAdmin: %v %v", ga.Scope.Document(), ga.Properties.Document())
	}
	ev := mustRes(t, u, "existingVault")
	if !ev.Existing || ev.Scope.Str != "/subscriptions/{subscriptionId}/resourceGroups/other-rg" {
		t.Errorf("existing vault: %+v", ev)
	}
	gs := mustRes(t, u, "grantSecret")
	if !refIs(gs.Scope, "existingVault::secret", "") || !refIs(gs.Properties.At("principalId"), "deployer", "objectId") {
		t.Errorf("existingVault::secret scope: %v", gs.Scope.Document())
	}
	if es := mustRes(t, u, "existingVault::secret"); !es.Existing || es.Name.Str != "other-vault/shared" {
		t.Errorf("existing child: %v", es.Name.Document())
	}

	// parameters
	byName := map[string]*parser.Parameter{}
	for _, p := range u.Parameters {
		byName[p.Name] = p
	}
	if p := byName["adminPassword"]; p == nil || !p.Secure || p.Type != "securestring" || p.Default != nil {
		t.Errorf("secure param: %+v", p)
	}
	if p := byName["generated"]; p == nil || !p.DefaultGenerated || p.Default.Kind != parser.KindUnknown {
		t.Errorf("generated default: %+v", p)
	}
	if p := byName["vaultName"]; p == nil || p.Value.Str != "kv-prod" || p.Range.Start.Line != 5 {
		t.Errorf("vaultName: %+v", p)
	}
}

func TestLowerLocations(t *testing.T) {
	u, _ := load(t, parser.Options{}, "lower/main.bicep")
	kv := mustRes(t, u, "kv")
	checks := []struct {
		name      string
		r         parser.Range
		line, col int
	}{
		{"resource starts at the keyword, not the decorator", kv.Range, 26, 1},
		{"properties key", kv.Properties.Range, 29, 3},
		{"flag where the param is used", kv.Properties.At("enableRbacAuthorization").Range, 31, 30},
		{"permission entry", kv.Properties.At("accessPolicies[0].permissions.secrets[0]").Range, 42, 13},
		{"purge entry", kv.Properties.At("accessPolicies[0].permissions.keys[1]").Range, 46, 13},
		{"nested child", mustRes(t, u, "kv::secret").Range, 60, 3},
		{"type string", kv.TypeRange, 26, 13},
	}
	for _, c := range checks {
		if c.r.Start.Line != c.line || c.r.Start.Column != c.col || !strings.HasSuffix(c.r.File, "lower/main.bicep") {
			t.Errorf("%s: got %s, want line %d col %d", c.name, c.r, c.line, c.col)
		}
	}
	if kv.Range.End.Line != 66 {
		t.Errorf("resource end line %d", kv.Range.End.Line)
	}
}

func TestLowerModules(t *testing.T) {
	u, diags := load(t, parser.Options{}, "modules/main.bicep")
	var errs, notes []string
	for _, d := range diags {
		if d.Severity == parser.SevError {
			errs = append(errs, d.Summary)
		} else {
			notes = append(notes, d.Summary)
		}
	}
	if len(errs) != 1 || errs[0] != "module file not found" {
		t.Errorf("errors: %v", diags)
	}
	if strings.Join(notes, "|") != "registry module not followed: br/public:avm/res/key-vault/vault:0.11.0|registry module not followed: ts:00000000-0000-0000-0000-000000000000/rg/spec:1.0" {
		t.Errorf("notes: %v", notes)
	}
	// a JSON module goes through the ARM front end, with the call's params
	js := mustRes(t, u, "json>Microsoft.Storage/storageAccounts/stjson")
	if js.Module != "json" || js.Name.Str != "stjson" || !strings.HasSuffix(js.Range.File, "storage.json") {
		t.Errorf("JSON module resource: %+v", js)
	}
	for _, d := range diags {
		if d.Summary == "module file not found" && (d.Subject.Start.Line != 47 || d.Subject.Start.Column != 16) {
			t.Errorf("missing module location: %s", d.Error())
		}
	}
	call := mustRes(t, u, "vault")
	if call.Type != "Microsoft.Resources/deployments" || call.Name.Str != "vault-deploy" || call.Scope.Str != "/subscriptions/{subscriptionId}/resourceGroups/rg-sec" {
		t.Errorf("module call: %+v", call)
	}
	inner := mustRes(t, u, "vault>kv")
	if inner.Module != "vault" || inner.Name.Str != "kv-mod" {
		t.Errorf("inner: module %q name %v", inner.Module, inner.Name.Document())
	}
	flag := inner.Properties.At("enableRbacAuthorization")
	if flag.Kind != parser.KindBool || flag.Bool {
		t.Errorf("bound param: %v", flag.Document())
	}
	// values passed by the caller are located where the module uses them
	if !strings.HasSuffix(flag.Range.File, "child/vault.bicep") || flag.Range.Start.Line != 17 {
		t.Errorf("flag range %s", flag.Range)
	}
	all := inner.Properties.At("accessPolicies[0].permissions.secrets[0]")
	if all == nil || all.Str != "all" || !strings.HasSuffix(all.Range.File, "child/vault.bicep") || all.Range.Start.Line != 23 {
		t.Errorf("permission passed in: %v at %v", all.Document(), all.Range)
	}
	if !refIs(inner.Properties.At("accessPolicies[0].objectId"), "uami", "properties.principalId") {
		t.Errorf("ref passed through a module: %v", inner.Properties.At("accessPolicies[0].objectId").Document())
	}
	loop := mustRes(t, u, "vaults")
	if loop.Loop == nil || *loop.Loop.Count != 3 || loop.Condition == nil || loop.Condition.Bool {
		t.Errorf("module loop/condition: %+v %v", loop.Loop, loop.Condition.Document())
	}
	if li := mustRes(t, u, "vaults>kv"); li.Loop == nil || li.Module != "vaults" {
		t.Errorf("looped module resource: %+v", li.Loop)
	}
	grant := mustRes(t, u, "grant")
	if !refIs(grant.Properties.At("roleDefinitionId"), "vault>kv", "id") || !refIs(grant.Properties.At("principalId"), "uami", "properties.principalId") {
		t.Errorf("module outputs: %v", grant.Properties.Document())
	}
	if len(u.Files) < 2 || !strings.HasSuffix(u.Files[0], "modules/main.bicep") || !strings.HasSuffix(u.Files[1], "child/vault.bicep") {
		t.Errorf("files: %v", u.Files)
	}
	for _, f := range u.Files {
		if u.Sources[f] == nil {
			t.Errorf("no source for %s", f)
		}
	}
	// the module file is listed once although two calls use it
	n := 0
	for _, f := range u.Files {
		if strings.HasSuffix(f, "vault.bicep") {
			n++
		}
	}
	if n != 1 {
		t.Errorf("module file listed %d times", n)
	}
}

func TestLowerBicepparam(t *testing.T) {
	u, diags := load(t, parser.Options{}, "params/main.bicepparam")
	if diags.HasErrors() {
		t.Fatalf("errors: %v", diags)
	}
	if !strings.HasSuffix(u.Entry, "main.bicepparam") || len(u.Files) != 3 {
		t.Errorf("entry/files: %s %v", u.Entry, u.Files)
	}
	kv := mustRes(t, u, "kv")
	if kv.Name.Str != "kv-prod" {
		t.Errorf("name from bicepparam var interpolation: %v", kv.Name.Document())
	}
	if f := kv.Properties.At("enableRbacAuthorization"); f.Kind != parser.KindBool || f.Bool {
		t.Errorf("override of the extended file: %v", f.Document())
	}
	all := kv.Properties.At("accessPolicies[0].permissions.secrets[0]")
	if all.Str != "all" || !strings.HasSuffix(all.Range.File, "main.bicepparam") || all.Range.Start.Line != 9 {
		t.Errorf("permission from bicepparam: %v at %s", all.Document(), all.Range)
	}
	for _, p := range u.Parameters {
		if p.Name == "permissions" && (p.Default == nil || len(p.Default.Items) != 1 || len(p.Value.Items) != 2) {
			t.Errorf("param default/value: %+v", p)
		}
	}
	// explicit ParamFiles bind to the template they name
	u2, _ := NewLoader(parser.Options{ParamFiles: []string{filepath.Join(fixtures, "params/main.bicepparam")}}).Load(filepath.Join(fixtures, "params/main.bicep"))
	if n := mustRes(t, u2, "kv").Name.Str; n != "kv-prod" {
		t.Errorf("ParamFiles not bound: %s", n)
	}
	// without: defaults
	u3, _ := NewLoader(parser.Options{}).Load(filepath.Join(fixtures, "params/main.bicep"))
	if n := mustRes(t, u3, "kv").Name.Str; n != "kv-default" {
		t.Errorf("default: %s", n)
	}
}

func TestLowerModuleErrors(t *testing.T) {
	tests := []struct {
		name    string
		opts    parser.Options
		entry   string
		summary string
		line    int
		col     int
	}{
		{"self include", parser.Options{}, "cycle/self.bicep", "module cycle", 1, 14},
		{"two-file cycle", parser.Options{}, "cycle/a.bicep", "module cycle", 1, 10},
		{"escapes the root", parser.Options{Root: filepath.Join(fixtures, "escape")}, "escape/sub/main.bicep", "module path escapes the repository root", 1, 13},
		{"depth limit", parser.Options{MaxModuleDepth: 1}, "escape/sub/main.bicep", "modules nested too deeply", 4, 13},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u, diags := load(t, tt.opts, tt.entry)
			var found *parser.Diagnostic
			for i, d := range diags {
				if d.Summary == tt.summary {
					found = &diags[i]
				}
			}
			if found == nil {
				t.Fatalf("no %q in %v", tt.summary, diags)
			}
			if found.Severity != parser.SevError || found.Subject.Start.Line != tt.line || found.Subject.Start.Column != tt.col {
				t.Errorf("got %s", found.Error())
			}
			for _, f := range u.Files {
				if strings.Contains(f, "etc") {
					t.Errorf("escaping file was read: %s", f)
				}
			}
		})
	}
	// the allowed sibling module is still followed
	u, _ := load(t, parser.Options{Root: filepath.Join(fixtures, "escape")}, "escape/sub/main.bicep")
	mustRes(t, u, "fine>r")
}

func TestLowerSnippets(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name  string
		src   string
		check func(*parser.Unit) bool
	}{
		{"ternary and functions", "var a = contains(['x', 'y'], 'y') ? toUpper(format('{0}-{1}', 'a', 1)) : 'no'\nresource r 'A.B/c@1' = {\n  name: a\n}\n",
			func(u *parser.Unit) bool { return u.Resources[0].Name.Str == "A-1" }},
		{"coalesce and safe access", "var o = { a: null }\nresource r 'A.B/c@1' = {\n  name: o.?b ?? o.a ?? 'dflt'\n}\n",
			func(u *parser.Unit) bool { return u.Resources[0].Name.Str == "dflt" }},
		{"union, replace, concat, length", "var o = union({ a: 'x' }, { b: 'y' })\nresource r 'A.B/c@1' = {\n  name: concat(replace(o.a, 'x', 'z'), o.b, string(length([1, 2])))\n}\n",
			func(u *parser.Unit) bool { return u.Resources[0].Name.Str == "zy2" }},
		{"first/last/empty/!", "resource r 'A.B/c@1' = {\n  name: '${first(['a', 'b'])}${last(['c', 'd'])}${!empty([])}'\n}\n",
			func(u *parser.Unit) bool { return u.Resources[0].Name.Str == "adFalse" }},
		{"resourceId matches a resource", "resource a 'A.B/c@1' = {\n  name: 'x'\n}\nresource b 'A.B/d@1' = {\n  name: 'y'\n  properties: {\n    t: resourceId('A.B/c', 'x')\n    u: resourceId('A.B/c', 'other')\n    v: tenantResourceId('A.B/c', 'z')\n    w: extensionResourceId('/s', 'A.B/c', 'z')\n  }\n}\n",
			func(u *parser.Unit) bool {
				p := u.Resources[1].Properties
				return refIs(p.Get("t"), "a", "id") && p.Get("u").Str == rgID+"/providers/A.B/c/other" && p.Get("v").Str == "/providers/A.B/c/z" && p.Get("w").Str == "/s/providers/A.B/c/z"
			}},
		{"range count and object loop", "resource r 'A.B/c@1' = [for i in range(0, 4): {\n  name: 'r${i}'\n}]\nresource s 'A.B/c@1' = [for x in items({a: 1, b: 2}): {\n  name: x.key\n}]\nresource t 'A.B/c@1' = [for x in p: {\n  name: x\n}]\nparam p array\n",
			func(u *parser.Unit) bool {
				return *u.Resources[0].Loop.Count == 4 && *u.Resources[1].Loop.Count == 2 && u.Resources[2].Loop.Count == nil
			}},
		{"variable cycle is an error, not a hang", "var a = b\nvar b = a\nresource r 'A.B/c@1' = {\n  name: a\n}\n",
			func(u *parser.Unit) bool { return u.Resources[0].Name.Kind == parser.KindUnknown }},
		{"spread of unknown makes the object unknown", "param p object\nresource r 'A.B/c@1' = {\n  name: 'n'\n  properties: {\n    ...p\n    a: 1\n  }\n}\n",
			func(u *parser.Unit) bool { return u.Resources[0].Properties.Kind == parser.KindUnknown }},
		{"map and filter over static arrays", "var xs = map(filter([1, 2, 3], x => x > 1), x => 'n${x}')\nresource r 'A.B/c@1' = {\n  name: join(xs, ',')\n}\n",
			func(u *parser.Unit) bool { return u.Resources[0].Name.Str == "n2,n3" }},
		{"subscription target scope", "targetScope = 'subscription'\nresource rg 'Microsoft.Resources/resourceGroups@2023-01-01' = {\n  name: 'rg'\n  location: 'x'\n}\nresource ra 'Microsoft.Authorization/roleAssignments@2022-04-01' = {\n  name: guid('x')\n  scope: subscription()\n}\n",
			func(u *parser.Unit) bool { return u.TargetScope == "subscription" && u.Resources[1].Scope.Str == subID }},
		{"managementGroup and tenant scopes", "resource a 'A.B/c@1' = {\n  name: 'a'\n  scope: managementGroup('mg1')\n}\nresource b 'A.B/c@1' = {\n  name: 'b'\n  scope: tenant()\n}\n",
			func(u *parser.Unit) bool {
				return u.Resources[0].Scope.Str == mgPrefix+"mg1" && u.Resources[1].Scope.Str == "/"
			}},
		{"generated strings are marked", "var pw = 'P${uniqueString(resourceGroup().id)}!'\nresource r 'A.B/c@1' = {\n  name: guid('x')\n  properties: {\n    a: pw\n    b: toUpper(uniqueString('y'))\n    c: concat('x', 'y')\n    d: 'lit${'eral'}'\n  }\n}\n",
			func(u *parser.Unit) bool {
				r := u.Resources[0]
				p := r.Properties
				return r.Name.Kind == parser.KindString && r.Name.Generated && p.Get("a").Generated && p.Get("a").Kind == parser.KindString &&
					p.Get("b").Generated && !p.Get("c").Generated && !p.Get("d").Generated
			}},
		{"imported variable", "import { shared } from './types.bicep'\nresource r 'A.B/c@1' = {\n  name: shared.name\n}\n",
			func(u *parser.Unit) bool { return u.Resources[0].Name.Str == "from-import" && len(u.Files) == 2 }},
		{"instance functions and az namespace", "resource sa 'A.B/c@1' existing = {\n  name: 'sa'\n}\nresource r 'A.B/c@1' = {\n  name: az.resourceGroup().name\n  properties: {\n    k: sa.listKeys().keys[0].value\n    s: sa.getSecret('x')\n  }\n}\n",
			func(u *parser.Unit) bool {
				p := u.Resources[1].Properties
				return u.Resources[1].Name.Str == "{resourceGroupName}" && refIs(p.Get("k"), "sa", "listKeys().keys[0].value") && p.Get("s").Kind == parser.KindUnknown
			}},
	}
	if err := os.WriteFile(filepath.Join(dir, "types.bicep"), []byte("@export()\nvar shared = {\n  name: 'from-import'\n}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := filepath.Join(dir, "t"+itoa(i)+".bicep")
			if err := os.WriteFile(p, []byte(tt.src), 0o644); err != nil {
				t.Fatal(err)
			}
			u, diags := NewLoader(parser.Options{}).Load(p)
			if tt.name != "variable cycle is an error, not a hang" && diags.HasErrors() {
				t.Fatalf("errors: %v", diags)
			}
			if tt.name == "variable cycle is an error, not a hang" && !diags.HasErrors() {
				t.Error("no cycle error")
			}
			if !tt.check(u) {
				var docs []any
				for _, r := range u.Resources {
					docs = append(docs, r.Document())
				}
				t.Errorf("check failed: %v", docs)
			}
		})
	}
}

func TestLoaderConcurrentAndCached(t *testing.T) {
	l := NewLoader(parser.Options{})
	entry := filepath.Join(fixtures, "modules/main.bicep")
	var wg sync.WaitGroup
	units := make([]*parser.Unit, 8)
	for i := range units {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			units[i], _ = l.Load(entry)
		}(i)
	}
	wg.Wait()
	for _, u := range units {
		if len(u.Resources) != len(units[0].Resources) {
			t.Fatalf("different results: %d vs %d", len(u.Resources), len(units[0].Resources))
		}
	}
	f1, _ := l.ParseFile(entry, parser.Range{})
	f2, _ := l.ParseFile(entry, parser.Range{})
	if f1 != f2 {
		t.Error("file parsed twice")
	}
	// missing entry: an error, not a panic
	_, diags := l.Load(filepath.Join(fixtures, "nope.bicep"))
	if !diags.HasErrors() {
		t.Error("missing entry: no error")
	}
}
