package lint

import (
	"os"
	"path/filepath"
	"testing"
)

func TestInputRoot(t *testing.T) {
	base := t.TempDir()
	repo := filepath.Join(base, "repo")
	other := filepath.Join(base, "other", "set")
	otherRepo := filepath.Join(base, "checkout")
	for _, d := range []string{filepath.Join(repo, ".git"), filepath.Join(repo, "infra"), filepath.Join(other, "a"), filepath.Join(other, "b"), filepath.Join(otherRepo, ".git"), filepath.Join(otherRepo, "x")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	wd, _ := os.Getwd()
	defer func() { _ = os.Chdir(wd) }()
	if err := os.Chdir(filepath.Join(repo, "infra")); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		paths []string
		want  string
	}{
		{"inside the working repository", []string{"."}, repo},
		{"no paths", nil, repo},
		{"outside, no repository: their common directory", []string{filepath.Join(other, "a"), filepath.Join(other, "b")}, other},
		{"outside, in another repository", []string{filepath.Join(otherRepo, "x")}, otherRepo},
	}
	for _, tt := range tests {
		if got := InputRoot(tt.paths); got != tt.want {
			t.Errorf("%s: InputRoot(%v) = %s, want %s", tt.name, tt.paths, got, tt.want)
		}
	}
}
