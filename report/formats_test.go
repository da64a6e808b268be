package report

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/milint/milint/lint"
	"github.com/milint/milint/parser"
	"github.com/milint/milint/rules"
)

// pipelineResult is sampleResult with a suppressed and a baselined finding,
// the units (for junit's file list) and rule metadata.
func pipelineResult() *lint.Result {
	r := sampleResult()
	r.Suppressed = []lint.Finding{
		{Rule: "MI201", Slug: "kv-access-policy-model", Severity: lint.SevWarning, Message: "legacy vault uses access policies",
			Range: rng("infra/legacy.bicep", 7, 5, 34), Resource: "legacy", Path: "properties.enableRbacAuthorization",
			Suppressed: true, SuppressReason: "migrating in Q3 (until 2027-03-01)"},
		{Rule: "MI102", Slug: "kv-policy-purge", Severity: lint.SevError, Message: "old: purge, with a comma, and: colon\nsecond line 100%",
			Range: rng("infra/old.tf", 12, 3, 9), Resource: "azurerm_key_vault.old", Path: "properties.accessPolicies[0].permissions.keys[2]",
			Suppressed: true, SuppressReason: "baseline"},
	}
	r.Summary.Suppressed = 2
	r.Units = []*parser.Unit{
		{Entry: "infra/kv.json", Format: "arm", Files: []string{"infra/kv.json"}},
		{Entry: "infra/legacy.bicep", Format: "bicep", Files: []string{"infra/legacy.bicep", "infra/clean.bicep"}},
		{Entry: "infra", Format: "terraform", Files: []string{"infra/old.tf"}},
		{Entry: "min.json", Format: "arm", Files: []string{"min.json"}},
	}
	r.Rules = testMeta()
	return r
}

func testMeta() []rules.Metadata {
	mk := func(id, slug, sev, title string) rules.Metadata {
		return rules.Metadata{ID: id, Slug: slug, Severity: sev, Title: title,
			Description: title + ", described at length.", Remediation: "Fix " + slug + ".",
			DocsURL: "https://github.com/milint/milint/blob/main/docs/rules/" + id + ".md"}
	}
	return []rules.Metadata{
		mk("MI101", "kv-policy-wildcard", "error", "Access policy grants all permissions"),
		mk("MI102", "kv-policy-purge", "error", "Access policy grants purge"),
		mk("MI201", "kv-access-policy-model", "warning", "Key Vault uses the access-policy permission model"),
		mk("MI303", "uami-unused", "note", "User-assigned identity is unused"),
	}
}

func TestSARIFGolden(t *testing.T) {
	r := pipelineResult()
	golden(t, "result.sarif", write(t, "sarif", Config{Root: "."}, r))
}

func TestJUnitGolden(t *testing.T) {
	r := pipelineResult()
	out := write(t, "junit", Config{}, r)
	golden(t, "result.junit.xml", out)
	// Well-formed XML with the counts it claims.
	var s junitSuites
	if err := xml.Unmarshal(out, &s); err != nil {
		t.Fatalf("junit output is not XML: %v", err)
	}
	if s.Failures != 4 || s.Errors != 1 || s.Skipped != 2 {
		t.Errorf("failures/errors/skipped = %d/%d/%d, want 4/1/2", s.Failures, s.Errors, s.Skipped)
	}
	// One testcase per rule x file: 4 rules x 6 files, plus the input error.
	if s.Tests != 4*6+1 {
		t.Errorf("tests = %d, want %d", s.Tests, 4*6+1)
	}
}

func TestGitHubGolden(t *testing.T) {
	r := pipelineResult()
	out := write(t, "github", Config{Root: "."}, r)
	golden(t, "result.github.txt", out)
	if !bytes.Contains(out, []byte("::warning file=infra/kv.json,line=3,col=2,endLine=3,endColumn=27,title=MI201::kv uses access policies")) {
		t.Errorf("no MI201 warning annotation in:\n%s", out)
	}
	if !bytes.Contains(out, []byte("::notice file=gone.json,")) {
		t.Errorf("a note is not a ::notice:\n%s", out)
	}
}

func TestGitHubEscaping(t *testing.T) {
	tests := []struct{ in, data, prop string }{
		{"plain", "plain", "plain"},
		{"100% done", "100%25 done", "100%25 done"},
		{"a\r\nb", "a%0D%0Ab", "a%0D%0Ab"},
		{"k: v, w", "k: v, w", "k%3A v%2C w"},
		{"%0A", "%250A", "%250A"},
	}
	for _, tt := range tests {
		if got := escapeData(tt.in); got != tt.data {
			t.Errorf("escapeData(%q) = %q, want %q", tt.in, got, tt.data)
		}
		if got := escapeProperty(tt.in); got != tt.prop {
			t.Errorf("escapeProperty(%q) = %q, want %q", tt.in, got, tt.prop)
		}
	}
	r := &lint.Result{Findings: []lint.Finding{{Rule: "MI201", Severity: lint.SevError, Message: "line1\nline2: 50%",
		Range: rng("dir,with:odd.bicep", 2, 1, 5)}}}
	out := write(t, "github", Config{Root: "."}, r)
	want := "::error file=dir%2Cwith%3Aodd.bicep,line=2,col=1,endLine=2,endColumn=5,title=MI201::line1%0Aline2: 50%25\n"
	if string(out) != want {
		t.Errorf("got  %q\nwant %q", out, want)
	}
}

func TestSARIFContent(t *testing.T) {
	r := pipelineResult()
	out := write(t, "sarif", Config{Root: "."}, r)
	var doc struct {
		Version string `json:"version"`
		Runs    []struct {
			Tool struct {
				Driver struct {
					Name  string `json:"name"`
					Rules []struct {
						ID               string `json:"id"`
						Name             string `json:"name"`
						ShortDescription struct {
							Text string `json:"text"`
						} `json:"shortDescription"`
						FullDescription struct {
							Text string `json:"text"`
						} `json:"fullDescription"`
						HelpURI              string `json:"helpUri"`
						DefaultConfiguration struct {
							Level string `json:"level"`
						} `json:"defaultConfiguration"`
					} `json:"rules"`
				} `json:"driver"`
			} `json:"tool"`
			Results []struct {
				RuleID    string `json:"ruleId"`
				RuleIndex int    `json:"ruleIndex"`
				Level     string `json:"level"`
				Message   struct {
					Text string `json:"text"`
				} `json:"message"`
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct {
							URI       string `json:"uri"`
							URIBaseID string `json:"uriBaseId"`
						} `json:"artifactLocation"`
						Region struct {
							StartLine, StartColumn, EndLine, EndColumn int
						} `json:"region"`
					} `json:"physicalLocation"`
				} `json:"locations"`
				PartialFingerprints map[string]string `json:"partialFingerprints"`
				Suppressions        []struct {
					Kind string `json:"kind"`
				} `json:"suppressions"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(out, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Version != "2.1.0" || len(doc.Runs) != 1 {
		t.Fatalf("version %q, %d runs", doc.Version, len(doc.Runs))
	}
	run := doc.Runs[0]
	if run.Tool.Driver.Name != "milint" || len(run.Tool.Driver.Rules) != 4 {
		t.Fatalf("driver %q with %d rules", run.Tool.Driver.Name, len(run.Tool.Driver.Rules))
	}
	r0 := run.Tool.Driver.Rules[2]
	if r0.ID != "MI201" || r0.Name != "kv-access-policy-model" || r0.ShortDescription.Text == "" ||
		r0.FullDescription.Text == "" || !strings.HasSuffix(r0.HelpURI, "MI201.md") || r0.DefaultConfiguration.Level != "warning" {
		t.Errorf("rule descriptor: %+v", r0)
	}
	if len(run.Results) != len(r.Findings)+len(r.Suppressed) {
		t.Fatalf("%d results, want %d", len(run.Results), len(r.Findings)+len(r.Suppressed))
	}
	suppressed := 0
	for _, res := range run.Results {
		if run.Tool.Driver.Rules[res.RuleIndex].ID != res.RuleID {
			t.Errorf("%s: ruleIndex %d points at %s", res.RuleID, res.RuleIndex, run.Tool.Driver.Rules[res.RuleIndex].ID)
		}
		if len(res.Locations) != 1 {
			t.Fatalf("%s: %d locations", res.RuleID, len(res.Locations))
		}
		pl := res.Locations[0].PhysicalLocation
		if pl.ArtifactLocation.URIBaseID != SrcRoot || strings.HasPrefix(pl.ArtifactLocation.URI, "/") {
			t.Errorf("%s: artifact location %+v", res.RuleID, pl.ArtifactLocation)
		}
		rg := pl.Region
		if rg.StartLine < 1 || rg.StartColumn < 1 || rg.EndLine < 1 || rg.EndColumn < 1 {
			t.Errorf("%s: region %+v has a value below 1", res.RuleID, rg)
		}
		if res.PartialFingerprints[FingerprintKey] == "" {
			t.Errorf("%s: no %s fingerprint", res.RuleID, FingerprintKey)
		}
		if len(res.Suppressions) > 0 {
			suppressed++
		}
	}
	if suppressed != 2 {
		t.Errorf("%d results carry suppressions, want 2", suppressed)
	}
}

// TestSARIFFingerprintSurvivesMove: the partial fingerprint does not change
// when the finding moves 20 lines down.
func TestSARIFFingerprintSurvivesMove(t *testing.T) {
	f := lint.Finding{Rule: "MI201", Slug: "kv-access-policy-model", Severity: lint.SevWarning, Message: "m",
		Range: rng("infra/kv.bicep", 4, 3, 9), Resource: "kv", Path: "properties.enableRbacAuthorization"}
	fp := func(f lint.Finding) string {
		rep := (&SARIF{Root: "."}).Report(&lint.Result{Findings: []lint.Finding{f}}, nil)
		return rep.Runs[0].Results[0].PartialFingerprints[FingerprintKey]
	}
	a := fp(f)
	f.Range.Start.Line += 20
	f.Range.End.Line += 20
	if b := fp(f); a != b || a == "" {
		t.Errorf("fingerprint changed when the finding moved: %q -> %q", a, b)
	}
	f.Path = "properties.accessPolicies[0]"
	if c := fp(f); c == a {
		t.Errorf("fingerprint did not change with the path")
	}
}

// repoRoot walks up from the package directory to the directory holding
// go.mod.
func repoRoot(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("go.mod not found")
		}
		dir = parent
	}
}

// TestSARIFSchema validates the SARIF output against the SARIF 2.1.0 JSON
// schema, read in place from ../shared/schemas.
func TestSARIFSchema(t *testing.T) {
	path := filepath.Join(repoRoot(t), "..", "shared", "schemas", "sarif-schema-2.1.0.json")
	f, err := os.Open(path)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("SARIF schema not found at %s: %v", path, err)
		}
		t.Skipf("SARIF schema not found at %s", path)
	}
	defer func() { _ = f.Close() }()
	schemaDoc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	const url = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/schema.json"
	if err := c.AddResource(url, schemaDoc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile(url)
	if err != nil {
		t.Fatal(err)
	}
	cases := map[string]*lint.Result{
		"full":  pipelineResult(),
		"empty": {},
		"no positions": {Findings: []lint.Finding{{Rule: "MI999", Slug: "x", Severity: lint.SevNote, Message: "m",
			Range: parser.Range{File: "a.json"}}}, Errors: parser.Diagnostics{{Summary: "cannot read input"}}},
	}
	for name, r := range cases {
		out := write(t, "sarif", Config{Root: "."}, r)
		inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(out))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if err := sch.Validate(inst); err != nil {
			t.Errorf("%s: SARIF output does not validate: %v\n%s", name, err, out)
		}
	}
	// The schema is not toothless: a region with startLine 0 fails.
	bad := write(t, "sarif", Config{Root: "."}, pipelineResult())
	bad = bytes.Replace(bad, []byte(`"startLine": 3`), []byte(`"startLine": 0`), 1)
	inst, _ := jsonschema.UnmarshalJSON(bytes.NewReader(bad))
	if sch.Validate(inst) == nil {
		t.Error("a SARIF log with startLine 0 validated")
	}
}

// TestShowSuppressedGolden: text and json with --show-suppressed list the
// suppressed findings, marked; without it they do not.
func TestShowSuppressedGolden(t *testing.T) {
	r := pipelineResult()
	golden(t, "result-suppressed.txt", write(t, "text", Config{ShowSuppressed: true}, r))
	out := write(t, "json", Config{ShowSuppressed: true}, r)
	golden(t, "result-suppressed.json", out)
	if c := bytes.Count(out, []byte(`"suppressed": true`)); c != 2 {
		t.Errorf("%d suppressed findings in json, want 2", c)
	}
	if bytes.Contains(write(t, "json", Config{}, r), []byte(`"suppressed": true`)) {
		t.Error("json without ShowSuppressed lists suppressed findings")
	}
	if bytes.Contains(write(t, "text", Config{}, r), []byte("suppressed warning")) {
		t.Error("text without ShowSuppressed lists suppressed findings")
	}
}
