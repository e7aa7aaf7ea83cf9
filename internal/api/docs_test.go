package api_test

import (
	"bufio"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/reportfile"
	"github.com/juesuan/juesuan/internal/yearspec"
	"net/url"
	"os"
	"strings"
	"testing"
)

// shellWords splits a command line the way sh would for our examples:
// single and double quotes, $TOKEN expanded.
func shellWords(line, token string) []string {
	var words []string
	var cur strings.Builder
	in, quote := false, byte(0)
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case quote != 0 && c == quote:
			quote = 0
		case quote == 0 && (c == '\'' || c == '"'):
			quote, in = c, true
		case quote == 0 && c == ' ':
			if in {
				words = append(words, cur.String())
				cur.Reset()
				in = false
			}
		default:
			cur.WriteByte(c)
			in = true
		}
	}
	if in {
		words = append(words, cur.String())
	}
	for i, w := range words {
		words[i] = strings.ReplaceAll(w, "$TOKEN", token)
	}
	return words
}

// Every curl line of docs/api.md runs against the handler and succeeds.
func TestDocsExamples(t *testing.T) {
	f := setup(t, "sqlite")
	// docs/api.md uses 部门 001 with unit 001001 and an administrator of 001.
	for _, u := range []juesuan.Unit{{Code: "001", Name: "部门"}, {Code: "001001", Name: "职工服务中心", Parent: "001"}} {
		u.Kind = juesuan.KindInstitution
		if err := f.st.CreateUnit(ctx, &u, "setup"); err != nil {
			t.Fatal(err)
		}
	}
	r, _, err := reportfile.ReadFile(example, yearspec.Default, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.st.SaveReport(ctx, juesuan.ReportKey{Unit: "001001", Year: 2020}, 0, r, "setup", "录入"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.st.CreateUser(ctx, "admin001", "x", "setup"); err != nil {
		t.Fatal(err)
	}
	if err := f.st.Grant(ctx, "admin001", juesuan.RoleAdmin, "001", "setup"); err != nil {
		t.Fatal(err)
	}
	if f.tokens["admin001"], err = f.st.CreateToken(ctx, "admin001", "docs", "setup"); err != nil {
		t.Fatal(err)
	}
	file, err := os.Open("../../docs/api.md")
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	sc := bufio.NewScanner(file)
	n := 0
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if !strings.HasPrefix(line, "curl ") {
			continue
		}
		n++
		w := shellWords(line, "")
		method, body, hdr, target := "GET", "", map[string]string{}, ""
		for i := 1; i < len(w); i++ {
			switch w[i] {
			case "-X":
				i++
				method = w[i]
			case "-H":
				i++
				k, v, _ := strings.Cut(w[i], ":")
				hdr[k] = strings.TrimSpace(v)
			case "-d", "--data-binary":
				i++
				body = w[i]
				if strings.HasPrefix(body, "@") {
					b, err := os.ReadFile("../../" + body[1:])
					if err != nil {
						t.Fatal(err)
					}
					body = string(b)
				}
				if method == "GET" {
					method = "POST"
				}
			default:
				target = w[i]
			}
		}
		u, err := url.Parse(target)
		if err != nil {
			t.Fatalf("%s: %v", line, err)
		}
		user := ""
		if strings.Contains(hdr["Authorization"], "Bearer") {
			user = "admin001"
			delete(hdr, "Authorization")
		}
		resp := f.do(t, user, method, u.RequestURI(), body, hdr)
		if resp.Code/100 != 2 {
			t.Errorf("%s\n→ %d %s", line, resp.Code, resp.Body)
		}
	}
	if n < 10 {
		t.Fatalf("only %d curl examples found in docs/api.md", n)
	}
}
