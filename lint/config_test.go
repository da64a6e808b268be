package lint

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/milint/milint/rules"
)

const fullConfig = `# milint configuration
fail-on: error
rules:
  MI202: {enabled: false}
  MI303:
    severity: warning
  mi101: {enabled: true, severity: note}
exclude:
  - testdata/
  - "**/*.generated.json"
param-files:
  infra/main.json: infra/main.prod.parameters.json
  infra/app.bicep: [infra/a.bicepparam, infra/b.bicepparam]
var-files:
  tf: tf/prod.tfvars
policy:
  - policies
`

func TestParseConfig(t *testing.T) {
	c, err := ParseConfig("/repo/.milint.yaml", []byte(fullConfig))
	if err != nil {
		t.Fatal(err)
	}
	if c.FailOn != "error" || c.Dir != "/repo" {
		t.Errorf("fail-on %q dir %q", c.FailOn, c.Dir)
	}
	f := false
	if rc := c.Rules["MI202"]; rc.Enabled == nil || *rc.Enabled != f || rc.Line != 4 {
		t.Errorf("MI202 %+v", rc)
	}
	if c.Rules["MI303"].Severity != "warning" || c.Rules["MI101"].Severity != "note" {
		t.Errorf("rules %+v", c.Rules)
	}
	if !reflect.DeepEqual(c.Exclude, []string{"testdata/", "**/*.generated.json"}) {
		t.Errorf("exclude %v", c.Exclude)
	}
	if !reflect.DeepEqual(c.ParamFiles["infra/app.bicep"], []string{"infra/a.bicepparam", "infra/b.bicepparam"}) ||
		!reflect.DeepEqual(c.VarFiles["tf"], []string{"tf/prod.tfvars"}) || !reflect.DeepEqual(c.Policy, []string{"policies"}) {
		t.Errorf("bindings %v %v policy %v", c.ParamFiles, c.VarFiles, c.Policy)
	}
	for _, empty := range []string{"", "# nothing\n", "~\n"} {
		if _, err := ParseConfig("e.yaml", []byte(empty)); err != nil {
			t.Errorf("%q: %v", empty, err)
		}
	}
}

func TestConfigErrors(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"unknown top-level key", "fail-on: warning\nrules: {}\nexcludes:\n  - x\n", ".milint.yaml:3:1: unknown key \"excludes\""},
		{"unknown rule key", "rules:\n  MI201:\n    enabled: false\n    level: note\n", ".milint.yaml:4:5: rules.MI201: unknown key \"level\""},
		{"bad severity", "rules:\n  MI201: {severity: fatal}\n", ".milint.yaml:2:21: rules.MI201.severity: \"fatal\" is not one of"},
		{"bad enabled", "rules:\n  MI201: {enabled: maybe}\n", ".milint.yaml:2:20: rules.MI201.enabled: want true or false"},
		{"bad fail-on", "fail-on: sometimes\n", ".milint.yaml:1:10: fail-on: \"sometimes\" is not one of"},
		{"not a rule id", "rules:\n  kv-policy: {enabled: false}\n", ".milint.yaml:2:3: rules: \"kv-policy\" is not a rule id"},
		{"rule not a mapping", "rules:\n  MI201: false\n", ".milint.yaml:2:10: rules.MI201: want a mapping"},
		{"exclude not a list", "exclude: {a: b}\n", ".milint.yaml:1:10: exclude: want a list of strings"},
		{"not a mapping", "- a\n- b\n", ".milint.yaml:1:1: the config must be a mapping"},
		{"yaml syntax", "rules: [\n", ".milint.yaml:1:1: did not find expected node content"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseConfig(".milint.yaml", []byte(tt.src))
			if err == nil {
				t.Fatal("no error")
			}
			var ce *ConfigError
			if !errors.As(err, &ce) {
				t.Fatalf("error %T %v is not a ConfigError", err, err)
			}
			if !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("error %q, want prefix %q", err, tt.want)
			}
		})
	}
}

func TestConfigCheckRules(t *testing.T) {
	c, err := ParseConfig("c.yaml", []byte("rules:\n  MI201: {enabled: false}\n  MI777: {severity: note}\n"))
	if err != nil {
		t.Fatal(err)
	}
	known := []rules.Metadata{{ID: "MI201"}}
	err = c.CheckRules(known)
	if err == nil || !strings.HasPrefix(err.Error(), "c.yaml:3:3: rules: unknown rule \"MI777\"") {
		t.Errorf("err %v", err)
	}
	if err := c.CheckRules(append(known, rules.Metadata{ID: "MI777"})); err != nil {
		t.Error(err)
	}
}

func TestFindConfig(t *testing.T) {
	dir := tree(t, map[string]string{
		"repo/.git/HEAD":          "ref: main\n",
		"repo/.milint.yaml":       "fail-on: note\n",
		"repo/infra/app/x.bicep":  "",
		"other/.milint.yaml":      "",
		"nested/.git/HEAD":        "",
		"nested/sub/deeper/x.tf":  "",
		"outside/.milint.yaml":    "",
		"outside/inner/x.json":    "",
		"repo/infra/.milint.yaml": "fail-on: error\n",
	})
	tests := []struct{ from, want string }{
		{"repo/infra/app", "repo/infra/.milint.yaml"},
		{"repo/infra", "repo/infra/.milint.yaml"},
		{"repo", "repo/.milint.yaml"},
		{"nested/sub/deeper", ""}, // stops at the repository root
		{"outside/inner", "outside/.milint.yaml"},
	}
	for _, tt := range tests {
		got := FindConfig(filepath.Join(dir, tt.from))
		want := ""
		if tt.want != "" {
			want = filepath.Join(dir, tt.want)
		}
		if got != want {
			t.Errorf("FindConfig(%s) = %q, want %q", tt.from, got, want)
		}
	}
}

func TestConfigApply(t *testing.T) {
	dir := tree(t, map[string]string{".milint.yaml": fullConfig})
	c, err := LoadConfig(filepath.Join(dir, ".milint.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	// No flags: the config decides.
	var o Options
	if err := c.Apply(&o, nil); err != nil {
		t.Fatal(err)
	}
	if o.FailOn != SevError || !reflect.DeepEqual(o.Disable, []string{"MI202"}) ||
		o.Severity["MI303"] != SevWarning || o.Severity["MI101"] != SevNote {
		t.Errorf("options %+v", o)
	}
	if !reflect.DeepEqual(o.PolicyDirs, []string{"policies"}) {
		t.Errorf("policy %v", o.PolicyDirs)
	}
	if !reflect.DeepEqual(o.ParamFiles, []string{"infra/a.bicepparam", "infra/b.bicepparam", "infra/main.prod.parameters.json"}) ||
		!reflect.DeepEqual(o.VarFiles, []string{"tf/prod.tfvars"}) {
		t.Errorf("param files %v var files %v", o.ParamFiles, o.VarFiles)
	}
	// Flags win.
	flags := map[string]bool{"fail-on": true, "policy": true, "param-file": true}
	o2 := Options{FailOn: SevNote, Enable: []string{"MI202"}, PolicyDirs: []string{"mine"}, ParamFiles: []string{"p.json"},
		Severity: map[string]Severity{"MI303": SevError}}
	if err := c.Apply(&o2, func(f string) bool { return flags[f] }); err != nil {
		t.Fatal(err)
	}
	if o2.FailOn != SevNote || len(o2.Disable) != 0 || o2.Severity["MI303"] != SevError ||
		!reflect.DeepEqual(o2.PolicyDirs, []string{"mine"}) || !reflect.DeepEqual(o2.ParamFiles, []string{"p.json"}) {
		t.Errorf("flags did not win: %+v", o2)
	}
	// Excludes are gitignore-style and relative to the config's directory.
	ex := o.Exclude
	for path, want := range map[string]bool{
		"testdata":                                  true, // as a directory
		"infra/testdata/x.json":                     true,
		"infra/app.generated.json":                  true,
		"infra/app.json":                            false,
		filepath.Join(dir, "a", "b.generated.json"): true,
		"../elsewhere/testdata/x.json":              false, // outside the config's tree
	} {
		isDir := path == "testdata"
		if got := ex(path, isDir); got != want {
			t.Errorf("exclude(%s) = %v, want %v", path, got, want)
		}
	}
}

func TestConfigExcludeInRun(t *testing.T) {
	tree(t, map[string]string{
		".milint.yaml":         "exclude: [vendor/, '*.skip.json']\n",
		"a.json":               templateJSON,
		"vendor/b.json":        templateJSON,
		"c.skip.json":          templateJSON,
		"sub/d.json":           templateJSON,
		"sub/vendor/e.json":    templateJSON,
		"sub/keep/f.skip.json": templateJSON,
	})
	c, err := LoadConfig(".milint.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var o Options
	if err := c.Apply(&o, nil); err != nil {
		t.Fatal(err)
	}
	d := discover([]string{"."}, o.Exclude)
	var got []string
	for _, j := range d.jobs {
		got = append(got, filepath.ToSlash(j.path))
	}
	if want := []string{"a.json", "sub/d.json"}; !reflect.DeepEqual(got, want) {
		t.Errorf("jobs %v, want %v", got, want)
	}
}

func TestLoadConfigMissing(t *testing.T) {
	if _, err := LoadConfig(filepath.Join(t.TempDir(), "nope.yaml")); err == nil || !os.IsNotExist(errors.Unwrap(err)) {
		t.Errorf("err %v", err)
	}
}
