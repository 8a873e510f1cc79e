// "Sunrise SPA EHR": a single-page chart that switches patients with history.pushState and whose
// referral form uses controlled inputs the way React does: each input carries a value tracker, so
// a plain `element.value = x` is recorded as "already known", the next input event is ignored, and
// the next render puts the state's value back. Only the native prototype setter plus an `input`
// event changes the state, exactly what a real React form requires of an autofill tool.
(function () {
  const patients = window.__PATIENTS__;
  const app = document.getElementById('app');
  let state = { patientId: null, tab: 'summary', form: {}, sent: false };

  const el = (tag, attrs = {}, ...children) => {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) {
      if (k.startsWith('on')) node.addEventListener(k.slice(2).toLowerCase(), v);
      else if (v !== false && v != null) node.setAttribute(k, v === true ? '' : String(v));
    }
    for (const c of children.flat()) node.append(c instanceof Node ? c : document.createTextNode(String(c)));
    return node;
  };

  function track(node, prop) {
    const proto = Object.getPrototypeOf(node);
    const desc = Object.getOwnPropertyDescriptor(proto, prop);
    let tracked = String(desc.get.call(node));
    Object.defineProperty(node, prop, {
      configurable: true,
      get() { return desc.get.call(this); },
      set(v) { tracked = String(v); desc.set.call(this, v); },
    });
    return {
      changed() { const now = String(desc.get.call(node)); if (now === tracked) return false; tracked = now; return true; },
      restore(v) { tracked = String(v); desc.set.call(node, v); },
    };
  }

  function controlled(node, key, prop = 'value') {
    const tracker = track(node, prop);
    tracker.restore(prop === 'checked' ? Boolean(state.form[key]) : (state.form[key] ?? ''));
    const onEvent = () => {
      if (tracker.changed()) state.form[key] = prop === 'checked' ? node.checked : node.value;
      else tracker.restore(prop === 'checked' ? Boolean(state.form[key]) : (state.form[key] ?? ''));
    };
    node.addEventListener(prop === 'checked' ? 'click' : 'input', onEvent);
    node.addEventListener('change', onEvent);
    return node;
  }

  const age = (iso) => { const b = new Date(iso); const n = new Date(); let a = n.getFullYear() - b.getFullYear(); if (n.getMonth() < b.getMonth() || (n.getMonth() === b.getMonth() && n.getDate() < b.getDate())) a--; return a; };

  function navigate(path) { history.pushState({}, '', path); fromLocation(); }
  function fromLocation() {
    const m = location.pathname.match(/^\/spa\/patient\/([\w-]+)(\/referral)?/);
    const id = m && patients.some((p) => p.id === m[1]) ? m[1] : null;
    if (id !== state.patientId) state = { patientId: id, tab: 'summary', form: {}, sent: false };
    state.tab = m && m[2] ? 'referral' : 'summary';
    render();
  }

  function field(label, key, input) {
    const id = `lbl-${key}`;
    input.setAttribute('aria-labelledby', id);
    return el('div', { class: 'spa-field' }, el('span', { id, class: 'spa-label' }, label), controlled(input, key));
  }

  function referralForm(p) {
    if (state.sent) return el('p', { id: 'spa-sent', role: 'status' }, `Referral sent for ${p.given} ${p.family}.`);
    const urgency = el('select', { name: 'urgency', 'aria-label': 'Priority' },
      el('option', { value: '' }, 'Select…'), el('option', { value: 'ROUTINE' }, 'Routine'), el('option', { value: 'URGENT' }, 'Urgent'), el('option', { value: 'EMERGENT' }, 'Emergent'));
    urgency.value = state.form.urgency ?? '';
    urgency.addEventListener('change', () => { state.form.urgency = urgency.value; });
    const consent = controlled(el('input', { type: 'checkbox', name: 'consent', id: 'spa-consent' }), 'consent', 'checked');
    const form = el('form', { id: 'spa-referral', class: 'spa-form', onSubmit: async (e) => {
      e.preventDefault();
      await fetch('/api/referrals', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ patientId: p.id, fields: state.form }) });
      state.sent = true; render();
    } },
      el('h2', {}, 'Refer to specialty care'),
      field('Refer to (program / clinician)', 'referTo', el('input', { type: 'text', name: 'referTo' })),
      field('Program phone', 'programPhone', el('input', { type: 'tel', name: 'programPhone' })),
      field('Referral reason', 'reason', el('textarea', { name: 'reason', rows: 4 })),
      field('Diagnosis (ICD-10)', 'diagnosis', el('input', { type: 'text', name: 'diagnosis', placeholder: 'e.g. F10.10' })),
      field('Requested date', 'requestedDate', el('input', { type: 'date', name: 'requestedDate' })),
      el('div', { class: 'spa-field' }, urgency),
      el('div', { class: 'spa-field' }, consent, el('label', { for: 'spa-consent' }, 'Consent to share SUD records signed')),
      field('Additional notes', 'notes', el('textarea', { name: 'notes', rows: 3 })),
      el('button', { type: 'submit' }, 'Send referral'));
    return form;
  }

  function render() {
    const p = patients.find((x) => x.id === state.patientId);
    const list = el('nav', { class: 'spa-list', 'aria-label': 'Patients' },
      patients.map((x) => el('a', { href: `/spa/patient/${x.id}`, 'data-patient': x.id, class: x.id === state.patientId ? 'active' : '', onClick: (e) => { e.preventDefault(); navigate(`/spa/patient/${x.id}`); } }, `${x.family}, ${x.given}`)));
    const main = el('main', { class: 'spa-main' });
    if (!p) main.append(el('p', {}, 'Select a patient.'));
    else {
      const kv = (k, v) => el('div', { class: 'spa-kv' }, el('div', { class: 'spa-k' }, k), el('div', { class: 'spa-v' }, v));
      main.append(
        el('header', { class: 'spa-banner', 'data-testid': 'patient-header' },
          el('div', { class: 'spa-patient-name' }, `${p.given} ${p.family}`),
          kv('Date of Birth', `${p.birthDate} (${age(p.birthDate)}Y)`), kv('Sex assigned at birth', p.sex === 'female' ? 'Female' : p.sex === 'male' ? 'Male' : 'Unknown'),
          kv('Patient ID', p.mrn), kv('ZIP', p.zip)),
        el('div', { class: 'spa-tabs' },
          el('a', { href: `/spa/patient/${p.id}`, onClick: (e) => { e.preventDefault(); navigate(`/spa/patient/${p.id}`); } }, 'Summary'),
          el('a', { href: `/spa/patient/${p.id}/referral`, id: 'spa-referral-tab', onClick: (e) => { e.preventDefault(); navigate(`/spa/patient/${p.id}/referral`); } }, 'Referral')),
        state.tab === 'referral' ? referralForm(p) : el('section', { class: 'panel' }, el('h2', {}, 'Summary'), el('p', {}, `${p.language}-speaking patient. Last visit 3 months ago.`)));
    }
    app.replaceChildren(el('header', { class: 'app-bar' }, el('span', { class: 'app-name' }, 'Sunrise SPA EHR')),
      el('p', { class: 'synthetic', role: 'note' }, 'Demo EHR for Bridge: every patient here is synthetic. No real person\'s data.'),
      el('div', { class: 'spa-layout' }, list, main));
  }

  window.addEventListener('popstate', fromLocation);
  fromLocation();
})();
