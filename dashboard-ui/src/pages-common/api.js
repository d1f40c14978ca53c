/**
 * The analytics API (GET /api/v1/analytics/dimensions and /query) with the analyst token in the
 * Authorization header. Every failure becomes an {@link ApiError} carrying the problem response's
 * status, code, field and message, so that a page can put the message next to the control that
 * caused it.
 */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.message || `HTTP ${status}`);
    this.status = status;
    this.code = problem?.code ?? null;
    this.field = problem?.field ?? null;
  }

  /** No usable token (401) or a token of a role that may not read analytics (403). */
  get denied() {
    return this.status === 401 || this.status === 403;
  }
}

const BASE = '/api/v1/analytics';

async function problemOf(response) {
  let problem = null;
  try {
    problem = await response.json();
  } catch {
    // a proxy's HTML error page: keep the status only
  }
  return new ApiError(response.status, problem);
}

export function analyticsApi(token) {
  async function get(path, params, { signal, accept = 'application/json' } = {}) {
    const query = params ? `?${params}` : '';
    let response;
    try {
      response = await fetch(`${BASE}${path}${query}`, {
        headers: { Authorization: `Bearer ${token}`, Accept: accept },
        cache: 'no-store',
        signal,
      });
    } catch (error) {
      if (error.name === 'AbortError') {
        throw error;
      }
      throw new ApiError(0, { message: '无法连接服务器，请检查网络后重试' });
    }
    if (!response.ok) {
      throw await problemOf(response);
    }
    return response;
  }

  return {
    dimensions: (options) => get('/dimensions', null, options).then((r) => r.json()),
    /** params: URLSearchParams of the query (see params.js). */
    query: (params, options) => get('/query', params, options).then((r) => r.json()),
    /** The same query as CSV (UTF-8 with BOM), as the bytes the server sent. */
    csv(params, options) {
      const p = new URLSearchParams(params);
      p.set('format', 'csv');
      return get('/query', p, { ...options, accept: 'text/csv' }).then((r) => r.blob());
    },
  };
}

/** True for the error fetch throws when a newer request replaced this one. */
export function aborted(error) {
  return error?.name === 'AbortError';
}
