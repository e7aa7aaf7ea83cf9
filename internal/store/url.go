package store

import "net/url"

// parseURL returns the URL with any password replaced.
func parseURL(dsn string) (string, error) {
	u, err := url.Parse(dsn)
	if err != nil {
		return "", err
	}
	return u.Redacted(), nil
}
