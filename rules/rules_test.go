package rules

import (
	"strings"
	"testing"
	"testing/fstest"
)

func TestCatalog(t *testing.T) {
	cat, err := CatalogErr()
	if err != nil {
		t.Fatal(err)
	}
	if len(cat) == 0 {
		t.Fatal("empty catalog")
	}
	for i, m := range cat {
		if i > 0 && cat[i-1].ID >= m.ID {
			t.Errorf("catalog not sorted by id: %s before %s", cat[i-1].ID, m.ID)
		}
		if m.Title == "" || m.Description == "" || m.Remediation == "" {
			t.Errorf("%s: title, description and remediation are required", m.ID)
		}
		if !strings.HasSuffix(m.DocsURL, "/docs/rules/"+m.ID+".md") {
			t.Errorf("%s: docs link %q does not point at docs/rules/%s.md", m.ID, m.DocsURL, m.ID)
		}
		if IsTest(m.File) {
			t.Errorf("%s: test file %s in the rule bundle", m.ID, m.File)
		}
	}
	if _, ok := ByID("mi101"); !ok {
		t.Error("ByID(mi101) not found")
	}
}

func TestMetadataContract(t *testing.T) {
	const good = "# METADATA\n# title: T\n# description: D\n# custom:\n#   id: MI999\n#   slug: s\n#   severity: %s\npackage %s\n\ndeny contains 1 if false\n"
	tests := []struct {
		name, sev, pkg, wantErr string
	}{
		{"ok", "warning", "milint.rules.mi999", ""},
		{"bad severity", "fatal", "milint.rules.mi999", "severity"},
		{"wrong package", "error", "milint.rules.other", "must be in package milint.rules.mi999"},
		{"helper library", "error", "milint.lib.x", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := strings.Replace(strings.Replace(good, "%s", tt.sev, 1), "%s", tt.pkg, 1)
			fsys := fstest.MapFS{"r.rego": {Data: []byte(src)}, "r_test.rego": {Data: []byte("package milint.rules.mi999_test\n\ntest_x if true\n")}}
			mods, tests, err := ParseFS(fsys)
			if err != nil {
				t.Fatal(err)
			}
			if len(mods) != 1 || len(tests) != 1 {
				t.Fatalf("split: %d rules, %d tests", len(mods), len(tests))
			}
			_, err = MetadataOf(mods)
			if tt.wantErr == "" && err != nil {
				t.Fatalf("unexpected error %v", err)
			}
			if tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)) {
				t.Fatalf("error %v, want %q", err, tt.wantErr)
			}
		})
	}
	// No METADATA at all.
	mods, _, err := ParseFS(fstest.MapFS{"r.rego": {Data: []byte("package milint.rules.mi1\n\ndeny contains 1 if false\n")}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := MetadataOf(mods); err == nil || !strings.Contains(err.Error(), "METADATA") {
		t.Fatalf("missing METADATA: got %v", err)
	}
}
