package lint

import (
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/milint/milint/parser"
)

// jobKind says which front end reads an entry.
type jobKind int

const (
	jobJSON      jobKind = iota // classify, then ARM template or Terraform plan
	jobBicep                    // .bicep entry or .bicepparam
	jobTerraform                // a directory of .tf / .tf.json files
)

// job is one entry to load.
type job struct {
	kind jobKind
	path string
	// explicit is set when the user named the file (not found by a walk):
	// a non-template JSON file is then skipped with a note.
	explicit bool
}

// discovery is the outcome of walking the inputs.
type discovery struct {
	jobs  []job
	diags parser.Diagnostics
}

// skipDir reports whether a walk skips a directory by name.
func skipDir(name string) bool {
	switch name {
	case ".git", "node_modules", ".terraform":
		return true
	}
	return strings.HasPrefix(name, ".") && name != "." && name != ".."
}

func isTerraformFile(name string) bool {
	return strings.HasSuffix(name, ".tf") || strings.HasSuffix(name, ".tf.json")
}

func fileRange(path string) parser.Range {
	return parser.Range{File: path, Start: parser.Pos{Line: 1, Column: 1}, End: parser.Pos{Line: 1, Column: 1}}
}

// discover turns the input paths into entries. exclude, when set, drops
// paths (config path excludes).
func discover(paths []string, exclude func(path string, dir bool) bool) discovery {
	var d discovery
	seen := map[string]bool{}
	tfDirs := map[string]bool{}
	add := func(j job) {
		j.path = filepath.Clean(j.path)
		if j.kind == jobTerraform {
			if tfDirs[j.path] {
				return
			}
			tfDirs[j.path] = true
		}
		key := j.path
		if seen[key] {
			return
		}
		seen[key] = true
		d.jobs = append(d.jobs, j)
	}
	if len(paths) == 0 {
		paths = []string{"."}
	}
	for _, p := range paths {
		p = filepath.Clean(p)
		st, err := os.Stat(p)
		if err != nil {
			d.diags = append(d.diags, parser.Diagnostic{Severity: parser.SevError, Summary: "cannot read input",
				Detail: errDetail(err), Subject: parser.Range{File: p}})
			continue
		}
		if !st.IsDir() {
			if exclude != nil && exclude(p, false) {
				continue // a named file the config excludes (pre-commit passes every changed file)
			}
			classifyFile(p, true, add, &d.diags)
			continue
		}
		err = filepath.WalkDir(p, func(path string, e fs.DirEntry, err error) error {
			if err != nil {
				d.diags = append(d.diags, parser.Diagnostic{Severity: parser.SevError, Summary: "cannot read input",
					Detail: errDetail(err), Subject: parser.Range{File: path}})
				if e != nil && e.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if e.IsDir() {
				if path != p && skipDir(e.Name()) {
					return fs.SkipDir
				}
				if exclude != nil && path != p && exclude(path, true) {
					return fs.SkipDir
				}
				return nil
			}
			if !e.Type().IsRegular() {
				return nil
			}
			if exclude != nil && exclude(path, false) {
				return nil
			}
			classifyFile(path, false, add, &d.diags)
			return nil
		})
		if err != nil {
			d.diags = append(d.diags, parser.Diagnostic{Severity: parser.SevError, Summary: "cannot read input",
				Detail: errDetail(err), Subject: parser.Range{File: p}})
		}
	}
	sort.SliceStable(d.jobs, func(i, j int) bool { return d.jobs[i].path < d.jobs[j].path })
	return d
}

// classifyFile decides by name what a file is. JSON is classified later by
// content (in parallel, by the loaders).
func classifyFile(path string, explicit bool, add func(job), diags *parser.Diagnostics) {
	name := filepath.Base(path)
	switch {
	case isTerraformFile(name):
		add(job{kind: jobTerraform, path: filepath.Dir(path), explicit: explicit})
	case strings.HasSuffix(name, ".tfvars") || strings.HasSuffix(name, ".tfvars.json"):
		if explicit {
			dir := filepath.Dir(path)
			if hasTerraformFiles(dir) {
				add(job{kind: jobTerraform, path: dir, explicit: true})
			} else {
				diags.Notef(parser.Range{File: path}, "skipped: no Terraform module beside this variables file")
			}
		}
	case strings.HasSuffix(name, ".bicep") || strings.HasSuffix(name, ".bicepparam"):
		add(job{kind: jobBicep, path: path, explicit: explicit})
	case strings.HasSuffix(strings.ToLower(name), ".json") || strings.HasSuffix(strings.ToLower(name), ".jsonc"):
		add(job{kind: jobJSON, path: path, explicit: explicit})
	default:
		if explicit {
			diags.Notef(parser.Range{File: path}, "skipped: not a Bicep, ARM template or Terraform file")
		}
	}
}

func hasTerraformFiles(dir string) bool {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return false
	}
	for _, e := range ents {
		if !e.IsDir() && isTerraformFile(e.Name()) {
			return true
		}
	}
	return false
}

func errDetail(err error) string {
	if pe, ok := err.(*fs.PathError); ok {
		return pe.Err.Error()
	}
	return err.Error()
}
