"""Prints dnstwist's permutations of each domain given, one JSON object a line:
{"of": "northwind.example", "fuzzer": "homoglyph", "domain": "xn--..."}.

Only the permutation engine is used: nothing is resolved or fetched. The
dictionary and TLD lists feed dnstwist's `dictionary` and `tld-swap`
fuzzers with the words support scams pair with a brand.
"""

import json
import sys

import dnstwist

WORDS = ["support", "help", "billing", "login", "secure", "account", "renewal"]
TLDS = ["com", "net", "org", "io", "co.uk", "support"]


def main(domains):
    for domain in domains:
        fuzzer = dnstwist.Fuzzer(domain, dictionary=WORDS, tld_dictionary=list(TLDS))
        fuzzer.generate()
        for p in fuzzer.permutations():
            if p["fuzzer"] == "*original":
                continue
            print(json.dumps({"of": domain, "fuzzer": p["fuzzer"], "domain": p["domain"]}))


if __name__ == "__main__":
    main(sys.argv[1:])
