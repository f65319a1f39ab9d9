extension Views {
    /// The pages' one stylesheet: system fonts, no external resources, readable on a projector and on paper.
    static let stylesheet = """
        :root { --ink: #1d2733; --muted: #5b6776; --line: #d5dbe3; --accent: #b0282e; --bg: #f6f7f9; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 15px/1.5 "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", "WenQuanYi Micro Hei", system-ui, sans-serif;
          color: var(--ink); background: var(--bg); }
        header.top { display: flex; gap: 1.5rem; align-items: center; padding: .6rem 1.5rem; background: var(--ink);
          color: #fff; flex-wrap: wrap; }
        header.top a { color: #fff; text-decoration: none; }
        .brand { font-weight: 700; font-size: 1.1rem; }
        .brand span { font-weight: 400; opacity: .75; margin-left: .3rem; }
        nav { display: flex; gap: 1rem; flex: 1; flex-wrap: wrap; }
        nav a { padding: .2rem 0; border-bottom: 2px solid transparent; }
        nav a[aria-current] { border-bottom-color: #fff; font-weight: 600; }
        .who { display: flex; gap: .8rem; align-items: center; margin-left: auto; font-size: .9rem; }
        .who form { margin: 0; }
        button { font: inherit; padding: .3rem .9rem; border: 1px solid var(--ink); background: #fff; color: var(--ink);
          border-radius: 3px; cursor: pointer; }
        header.top button { background: transparent; color: #fff; border-color: #fff; }
        main { max-width: 72rem; margin: 0 auto; padding: 1rem 1.5rem 3rem; }
        h1 { font-size: 1.5rem; margin: .5rem 0 1rem; }
        h2 { font-size: 1.1rem; margin: 2rem 0 .6rem; }
        h2 small { font-weight: 400; color: var(--muted); }
        .sentence { font-size: 1.35rem; font-weight: 600; padding: 1rem 1.2rem; background: #fff;
          border-left: 5px solid var(--accent); }
        .closed { padding: .6rem 1rem; background: #eef3f9; border: 1px solid #c7d6e8; }
        form.period-act { display: flex; gap: .6rem; align-items: end; margin: 1rem 0; }
        #differences td div { font-size: .85rem; color: var(--muted); }
        table { border-collapse: collapse; width: 100%; background: #fff; }
        th, td { text-align: left; padding: .4rem .7rem; border-bottom: 1px solid var(--line); vertical-align: top; }
        thead th { color: var(--muted); font-weight: 600; font-size: .9rem; }
        tfoot th { border-top: 2px solid var(--ink); }
        .n, td[data-yuan], td[data-count] { text-align: right; font-variant-numeric: tabular-nums; }
        table.figures { width: auto; min-width: 28rem; }
        form.period, form.search { display: flex; gap: .6rem; align-items: end; margin-bottom: 1rem; }
        input { font: inherit; padding: .3rem .5rem; border: 1px solid var(--line); border-radius: 3px; }
        form.sign-in { display: grid; gap: .9rem; max-width: 22rem; background: #fff; padding: 1.5rem;
          border: 1px solid var(--line); }
        form.sign-in label { display: grid; gap: .2rem; }
        .problem { color: var(--accent); background: #fff4f4; padding: .6rem .9rem; border: 1px solid #f0c6c8; }
        svg { max-width: 100%; height: auto; background: #fff; }
        svg text { font: 12px "Noto Sans CJK SC", "WenQuanYi Micro Hei", system-ui, sans-serif; fill: var(--ink); }
        svg .this { fill: var(--accent); }
        svg .last { fill: #9aa6b5; }
        svg .bar { fill: #3a6ea5; }
        svg .link { stroke: #fff; stroke-width: 1; }
        svg .gap-covered, .gap-covered { fill: #d9efe0; background: #d9efe0; }
        svg .gap-missing, .gap-missing { fill: #f7d4d6; background: #f7d4d6; }
        svg .gap-weak, .gap-weak { fill: #fbe5c8; background: #fbe5c8; }
        svg .gap-extension, .gap-extension { fill: #d6e4f5; background: #d6e4f5; }
        .legend span { padding: .1rem .6rem; margin-right: .4rem; border-radius: 3px; }
        svg text.strong { font-weight: 600; }
        svg .arrow, svg .edge { fill: none; stroke: #9aa6b5; stroke-width: 1.5; }
        svg .node { fill: var(--accent); }
        .overdue { color: var(--accent); font-weight: 600; }
        svg text.on-bar { fill: #fff; font-weight: 600; }
        svg .muted { fill: var(--muted); }
        @media print {
          header.top, form, button { display: none !important; }
          body { background: #fff; font-size: 11pt; }
          main { max-width: none; padding: 0; }
          section, table { break-inside: avoid; }
        }
        """
}
