package terraform

import (
	"io/fs"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/milint/milint/internal/testcorpus"
	"github.com/milint/milint/parser"
)

// corpusDir returns ../shared/corpus/terraform (see testcorpus.Dir).
func corpusDir(t testing.TB) string { return testcorpus.Dir(t, "terraform") }

// corpusModules lists every directory holding .tf files, and the number of
// .tf files and bytes.
func corpusModules(t testing.TB, root string) (dirs []string, files int, bytes int64) {
	seen := map[string]bool{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && d.Name() == ".terraform" {
			return filepath.SkipDir
		}
		if !d.IsDir() && (strings.HasSuffix(p, ".tf") || strings.HasSuffix(p, ".tf.json")) {
			files++
			if info, err := d.Info(); err == nil {
				bytes += info.Size()
			}
			dir := filepath.Dir(p)
			if !seen[dir] {
				seen[dir] = true
				dirs = append(dirs, dir)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(dirs)
	return dirs, files, bytes
}

func TestCorpus(t *testing.T) {
	root := corpusDir(t)
	dirs, files, _ := corpusModules(t, root)
	l := NewLoader(parser.Options{Root: root})
	byType := map[string]int{}
	errs, notes := 0, 0
	for _, dir := range dirs {
		u, diags := l.Load(dir)
		for _, d := range diags {
			if d.Severity == parser.SevError {
				errs++
				if errs <= 30 {
					t.Errorf("%s", d.Error())
				}
			} else {
				notes++
			}
		}
		for _, r := range u.Resources {
			if r.Module == "" { // count each declaration once: as its own root
				byType[r.Type]++
			}
		}
	}
	t.Logf("corpus: %d .tf files, %d module directories, %d errors, %d notes", files, len(dirs), errs, notes)
	keys := make([]string, 0, len(byType))
	for k := range byType {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return byType[keys[i]] > byType[keys[j]] })
	for _, k := range keys {
		if byType[k] >= 5 && !strings.HasPrefix(k, "Terraform/") || byType[k] >= 50 {
			t.Logf("%6d %s", byType[k], k)
		}
	}
	for _, k := range []string{"Microsoft.KeyVault/vaults", "Microsoft.Authorization/roleAssignments", "Microsoft.ManagedIdentity/userAssignedIdentities"} {
		if byType[k] == 0 {
			t.Errorf("no %s in the corpus", k)
		}
	}
}
