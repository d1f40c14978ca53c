/**
 * Where a refused query's message is shown: next to the control whose parameter the server named
 * (its problem response carries `field`), or in the page's general slot when no control owns it.
 */
export function fieldErrors(generalSlot) {
  const bindings = [];

  function place(slot, control, message) {
    slot.textContent = message;
    slot.hidden = false;
    control?.setAttribute('aria-invalid', 'true');
  }

  return {
    /** fields: parameter names this slot answers for; a name ending in '.' matches as a prefix. */
    bind(fields, slot, control) {
      slot.hidden = true;
      slot.setAttribute('role', 'alert');
      bindings.push({ fields, slot, control });
    },
    /** Shows the error's message; returns the slot used. */
    show(error) {
      const field = error.field ?? '';
      const binding = bindings.find((b) => b.fields.some((f) => (f.endsWith('.') ? field.startsWith(f) : f === field)));
      const slot = binding?.slot ?? generalSlot;
      place(slot, binding?.control, messageOf(error));
      return slot;
    },
    clear() {
      for (const b of [...bindings, { slot: generalSlot }]) {
        b.slot.hidden = true;
        b.slot.textContent = '';
        b.control?.removeAttribute('aria-invalid');
      }
    },
  };
}

/** Known refusals in Chinese, with the server's own words after them (they name the limit). */
const EXPLAINED = {
  range_too_long: '时间范围超过允许的最长天数',
  too_many_buckets: '该粒度下时间段过多，请选择更粗的粒度或更短的范围',
  empty_range: '结束日期须晚于开始日期',
  invalid_time: '日期格式不正确',
  out_of_range: '数值超出允许范围',
  too_many: '所选项目过多',
  too_many_groups: '分组过多，请设置前N项或增加筛选',
  too_many_rows: '结果行数过多，请缩小范围或减少分组',
  required: '缺少必填项',
  query_too_expensive: '查询过于复杂，请缩小范围、减少分组或增加筛选',
};

export function messageOf(error) {
  const lead = EXPLAINED[error.code];
  if (error.status === 0) {
    return error.message;
  }
  return lead ? `${lead}（${error.message}）` : error.message;
}
