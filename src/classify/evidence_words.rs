// The word patterns of evidence.rs, in a file of their own: the build (build.rs) compiles each
// into DFAs, which the program loads instead of compiling them itself.
words! {
    evidence;

    /// Advisory identifiers of the common databases.
    ADVISORY_ID = r"(?i)(?-u:\b)(?:CVE-\d{4}-\d{4,}|GHSA(?:-[0-9a-z]{4}){3}|RUSTSEC-\d{4}-\d{4}|PYSEC-\d{4}-\d+|GO-\d{4}-\d{4,}|OSV-\d{4}-\d+)(?-u:\b)";

    /// Words that name a security problem. "Security" alone is a product's name
    /// as often as not (Spring Security), so it counts only with a noun.
    WORDS = r"(?i)(?-u:\b)vulnerab|(?-u:\b)security (?:fix|issue|bug|problem|vulnerabilit|advisory|advisories|release|patch|hole|flaw|report)|(?-u:\b)(?:xss|csrf|ssrf|rce)(?-u:\b)|cross[- ]site (?:scripting|request forgery)|(?-u:\b)(?:path|directory) traversal|(?:remote|arbitrary) code execution|(?-u:\b)(?:sql|command|shell|header|argument|attribute|html|code|template|prototype|crlf|ansi(?: escape)?|escape[- ]sequence) injection|(?-u:\b)(?:credentials?|tokens?|secrets?|passwords?) (?:leak|exposure|disclosure)|(?-u:\b)leak(?:s|ed|ing)? (?:of )?(?:the )?(?:credentials?|secrets?|tokens?|passwords?)(?-u:\b)|(?-u:\b)denial[- ]of[- ]service(?-u:\b)|(?-u:\b)privilege escalation|(?-u:\b)(?:heap|stack)[- ]buffer[- ]overflow|(?-u:\b)(?:heap|buffer) overflow|(?-u:\b)use[- ]after[- ]free|(?-u:\b)out[- ]of[- ]bounds (?:read|write)|(?-u:\b)saniti[sz]e untrusted|(?-u:\b)saniti[sz](?:e|es|ed|ing) (?:the )?(?:file ?names?|paths?|user input|input|html|urls?|headers?|terminal output)(?-u:\b)|(?-u:\b)security[- ]critical|(?-u:\b)escape untrusted|(?-u:\b)security\)|\[security\]|(?-u:\b)embargo|(?-u:\b)injection attacks?|(?-u:\b)cache poisoning|(?-u:\b)open redirect|(?-u:\b)request smuggling|(?-u:\b)xxe(?-u:\b)|(?-u:\b)clickjacking|(?-u:\b)timing attack|(?-u:\b)unauthori[sz]ed (?:access|links?|urls?|scripts?|code execution)(?-u:\b)|(?-u:\b)(?:auth(?:entication|orization)?|access[- ]control|permission|sandbox|csp) bypass|(?-u:\b)bypass(?:es|ed|ing)? (?:the )?(?:auth(?:entication|orization)?|access[- ]control|permission checks?|sandbox|security)|(?-u:\b)(?:could|can|may|might|would)\s+escape\s+(?:(?:the|its|a)\s+)?(?:mount|sandbox|root\s+directory|chroot|jail|working\s+directory|project\s+directory|destination|content\s+directory)(?-u:\b)|(?-u:\b)(?:written|writes?|reads?|read|extracted|created)\s+outside\s+(?:of\s+)?(?:(?:the|its|a)\s+)?(?:destination|target\s+directory|mount|sandbox|root\s+directory|working\s+directory|project\s+directory|output\s+directory)(?-u:\b)|(?-u:\b)escape[sd]?\s+(?:\S+\s+){1,3}in\s+(?:\S+\s+){0,3}(?:rendering|renderer|html|templates?|output|attributes?)(?-u:\b)|(?-u:\b)(?:prevent(?:s|ed|ing|ion\s+of)?|disallow(?:s|ed|ing)?|block(?:s|ed|ing)?|forbid(?:s|den)?|den(?:y|ies|ied))\s+(?:\S+\s+){0,2}symlink\s+(?:reads?|access|traversal|following)(?-u:\b)|(?-u:\b)(?:drop|strip|reject|disallow|block|deny|forbid|refuse)(?:s|ped|ed|ping|ing)?\s+(?:all\s+)?symlinks(?-u:\b)";

    /// What a dependency update says of itself when it closes a vulnerability.
    DEPENDENCY_WORDS = r"(?i)vulnerab|(?-u:\b)security[- ](?:fix|fixes|update|updates|critical|release|patch)(?-u:\b)";

    /// A dependency update made to clear an audit of known advisories, by its subject.
    AUDIT = r"(?i)(?-u:\b)(?:cargo|npm|yarn|pnpm|pip|bundler?|go|osv)[- ]audit(?-u:\b)|(?-u:\b)govulncheck(?-u:\b)";

    /// The authors' word that it is no security problem.
    DENIED = r"(?i)(?-u:\b)not (?:a |an |considered (?:a |an )?)?(?:security(?:[- ]sensitive| issue| vulnerability| bug| problem| fix| relevant)|vulnerability|exploitable)|(?-u:\b)no (?:known )?security (?:impact|implications?|issue|relevance)|(?-u:\b)without (?:any )?security (?:impact|implications?)|(?-u:\b)hardening only(?-u:\b)|(?-u:\b)just hardening(?-u:\b)|(?-u:\b)harden(?:s|ed|ing)?(?-u:\b)|(?-u:\b)no (?:known )?exploit|(?-u:\b)(?:difficult|hard|unlikely|impossible) to exploit(?-u:\b)";

    /// An earlier security fix named as the cause of what this change repairs
    /// ("The security fix in GHSA-… stopped following symlinks, which broke
    /// `docker cp`"): a regression's fix, not a security fix of its own.
    EARLIER_FIX = r"(?i)(?-u:\b)(?:the|a|an|that|this) (?:earlier |previous |recent |original )?security fix (?:in|for|from|of|to)(?-u:\b)";

    BROKE = r"(?i)(?-u:\b)(?:broke|breaks|broken|regress(?:ed|ion|ions)?)(?-u:\b)";

    /// GitHub's private-fork merge of an advisory's fix.
    FORK_MERGE = r"(?i)^Merge (?:commit|pull request) from (?:fork|GHSA-)";

    /// Release bookkeeping by its title: version bumps, release preparation,
    /// release-notes batches. Shown as the releases they are, never as work.
    BOOKKEEPING = r"(?ix)^(?:
            v?\d+\.\d+(?:\.\d+)?(?:[-+.][0-9a-z.]+)?                       # 1.4.0
          | [a-z0-9_.-]+[-@\s]v?\d+\.\d+\.\d+(?:[-+][0-9a-z.]+)?             # ignore-0.4.30, pkg@1.2.3
          | (?:(?:chore|build|release)(?:\([\w-]+\))?!?:\s*)?
            (?:prepare|preparing|prep|cut|tag|publish|release|releasing|start|open|begin)
            \s+(?:the\s+|a\s+|new\s+)*(?:release|version|v?\d+(?:\.\d+)+[\w.+-]*|[a-z0-9_-]+\s+v?\d+(?:\.\d+)+[\w.+-]*)(?:\s+v?\d[\w.+-]*)?\s*(?:\(\#\d+\))?   # prepare v1.2, Cut a release, start version 3.1.3
          | (?:start|open|begin)(?-u:\b).*(?-u:\b)cycle(?-u:\b).*                               # Start Git 2.56 cycle
          | the\s+\w+\s+batch(?-u:\b).*                                             # The 6th batch
          | .*(?-u:\b)bump(?:s|ed|ing)?\s+(?:the\s+)?(?:[\w-]+\s+)?(?:version|patch|minor|major|release)(?-u:\b).*
          | .*(?-u:\b)version\s+bump(?-u:\b).*
          | (?:bump|update|set)\s+version\s+(?:number|to)(?-u:\b).*
          | \[ci\]\s+(?:release|format)(?-u:\b).*
          | apply\s+version\s+updates(?-u:\b).*
          | version\s+packages(?-u:\b).*
          | (?:docs?(?:\([\w-]+\))?:\s*)?(?:update\s+|add\s+|sync(?:ed)?\s+)?(?:the\s+)?release[-\s]notes(?-u:\b).*
          | release[-\s]notes:\s.*
          | changelog:\s.*
          | (?:add|adds|added|update|updates|updated|sync|synced|regenerate)\s+(?:the\s+|a\s+)?(?:changelog|changes|news|release[-\s]notes)(?:\s+entry|\s+entries|\s+file)?(?:\s+for\s+\S+)?\s*(?:\(\#\d+\))?
          | thanks:\s.*
          | releases:\s.*
        )$";

    REMOVAL = r"(?i)^(?:remove[sd]?|drop(?:s|ped)?|delete[sd]?|retire[sd]?)(?-u:\b).*(?-u:\b)(?:options?|flags?|settings?|parameters?|arguments?|apis?|endpoints?|commands?|subcommands?|support for|config(?:uration)? (?:keys?|options?)|deprecated)(?-u:\b)";

    DEPRECATION = r"(?i)^deprecat(?:e|es|ed)(?-u:\b)|(?-u:\b)(?:is|are) (?:now )?deprecated(?-u:\b)|(?-u:\b)mark(?:s|ed)? .+ as deprecated(?-u:\b)|(?-u:\b)deprecate (?:the )?";

    RESTRICTION = r"(?i)^(?:remove[sd]?|drop(?:s|ped)?) .+ from the default(?-u:\b).*?(?:allow ?list|whitelist|allowed list)(?-u:\b)|^disallow(?:s|ed)? .+ by default(?-u:\b)|(?-u:\b)no longer allow(?:s|ed)? .+ by default(?-u:\b)|(?-u:\b)den(?:y|ies|ied) .+ by default(?-u:\b)";

    NEW_DEFAULT = r"(?i)(?-u:\b)(?:enable[sd]?|turn(?:s|ed)? on|disable[sd]?|turn(?:s|ed)? off|use[sd]?|switch(?:es|ed)? to)(?-u:\b).*(?-u:\b)by default(?-u:\b)|(?-u:\b)(?:change[sd]?|set|sets|switch(?:es|ed)?|make[s]?)(?-u:\b).*(?-u:\b)the default(?-u:\b)|(?-u:\b)defaults? (?:to|is now)(?-u:\b)|(?-u:\b)new default(?-u:\b)|^(?:remove[sd]?|drop(?:s|ped)?|add(?:s|ed)?) .+ (?:from|to) the default(?:s| list| allow ?list)?(?-u:\b)|(?-u:\b)no longer .+ by default(?-u:\b)|(?-u:\b)make[s]? \S+(?: \S+){0,3} (?:the )?default$";
}
