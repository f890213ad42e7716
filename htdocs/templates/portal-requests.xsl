<?xml version="1.0" encoding="UTF-8"?>
<!-- portal-requests.xsl: Aufträge melden: the form for a new job and the reported jobs' states,
     in a project, or (no <project>) from a customer portal's overview, not yet in a project. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:kp="urn:kundenportal" exclude-result-prefixes="kp">
  <xsl:import href="_areas.xsl"/>

  <xsl:template match="/page" mode="title"><xsl:value-of select="kp:t('area.requests')"/><xsl:if test="project"> – <xsl:value-of select="project/name"/></xsl:if></xsl:template>

  <xsl:template match="/page" mode="content">
    <xsl:variable name="f" select="form"/>
    <xsl:variable name="action">
      <xsl:choose>
        <xsl:when test="project"><xsl:value-of select="$pbase"/>/requests</xsl:when>
        <xsl:otherwise><xsl:value-of select="$mount"/>/requests</xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:choose>
      <xsl:when test="project">
        <xsl:call-template name="project-header"><xsl:with-param name="area">requests</xsl:with-param></xsl:call-template>
      </xsl:when>
      <xsl:otherwise>
        <p class="crumbs"><a href="{$mount}/"><xsl:value-of select="kp:t('nav.overview')"/></a></p>
        <h1><xsl:value-of select="kp:t('area.requests')"/></h1>
        <p class="meta"><xsl:value-of select="kp:t('requests.without_project')"/></p>
      </xsl:otherwise>
    </xsl:choose>
    <form method="post" action="{$action}" class="stack card">
      <h2><xsl:value-of select="kp:t('requests.new')"/></h2>
      <xsl:call-template name="csrf"/>
      <input type="hidden" name="form_token" value="{$f/@token}"/>
      <xsl:if test="string($f/@error)"><p class="alert error" role="alert"><xsl:value-of select="kp:t($f/@error)"/></p></xsl:if>
      <label for="title"><xsl:value-of select="kp:t('requests.title')"/></label>
      <input type="text" id="title" name="title" maxlength="200" required="required" value="{$f/title}"><xsl:call-template name="invalid"><xsl:with-param name="field">title</xsl:with-param><xsl:with-param name="key" select="$f/@err-title"/></xsl:call-template></input>
      <xsl:call-template name="field-error"><xsl:with-param name="field">title</xsl:with-param><xsl:with-param name="key" select="$f/@err-title"/></xsl:call-template>
      <label for="description"><xsl:value-of select="kp:t('requests.description')"/></label>
      <textarea id="description" name="description" rows="4" maxlength="5000" required="required"><xsl:call-template name="invalid"><xsl:with-param name="field">description</xsl:with-param><xsl:with-param name="key" select="$f/@err-description"/></xsl:call-template><xsl:value-of select="$f/description"/></textarea>
      <xsl:call-template name="field-error"><xsl:with-param name="field">description</xsl:with-param><xsl:with-param name="key" select="$f/@err-description"/></xsl:call-template>
      <label for="desired_date"><xsl:value-of select="kp:t('requests.desired')"/></label>
      <input type="date" id="desired_date" name="desired_date" value="{$f/desired}"><xsl:call-template name="invalid"><xsl:with-param name="field">desired_date</xsl:with-param><xsl:with-param name="key" select="$f/@err-desired"/></xsl:call-template></input>
      <xsl:call-template name="field-error"><xsl:with-param name="field">desired_date</xsl:with-param><xsl:with-param name="key" select="$f/@err-desired"/></xsl:call-template>
      <label for="place"><xsl:value-of select="kp:t('requests.place')"/></label>
      <input type="text" id="place" name="place" maxlength="500" value="{$f/place}"><xsl:call-template name="invalid"><xsl:with-param name="field">place</xsl:with-param><xsl:with-param name="key" select="$f/@err-place"/></xsl:call-template></input>
      <xsl:call-template name="field-error"><xsl:with-param name="field">place</xsl:with-param><xsl:with-param name="key" select="$f/@err-place"/></xsl:call-template>
      <button type="submit" class="primary"><xsl:value-of select="kp:t('requests.submit')"/></button>
    </form>
    <section>
      <h2><xsl:value-of select="kp:t('requests.reported')"/></h2>
      <xsl:if test="requests/@capped">
        <p class="meta"><xsl:value-of select="kp:t('requests.reported_capped', requests/@capped)"/></p>
      </xsl:if>
      <xsl:choose>
        <xsl:when test="requests/request">
          <ul class="rows">
            <xsl:for-each select="requests/request">
              <li class="row">
                <span class="what"><xsl:value-of select="title"/></span>
                <span class="badge state-{@state}"><xsl:value-of select="kp:t(concat('requests.state.', @state))"/></span>
                <span class="meta"><xsl:value-of select="kp:date(kp:local(@date))"/> · <xsl:value-of select="author"/>
                  <xsl:if test="string(@desired)"> · <xsl:value-of select="kp:t('requests.desired')"/>: <xsl:value-of select="kp:date(@desired)"/></xsl:if>
                  <xsl:if test="string(place)"> · <xsl:value-of select="place"/></xsl:if></span>
                <span class="note preline"><xsl:value-of select="description"/></span>
                <xsl:if test="string(answer)">
                  <span class="answer preline"><strong><xsl:value-of select="kp:t('requests.answer')"/>:</strong><xsl:text> </xsl:text><xsl:value-of select="answer"/></span>
                </xsl:if>
              </li>
            </xsl:for-each>
          </ul>
        </xsl:when>
        <xsl:otherwise><p class="empty"><xsl:value-of select="kp:t('requests.none')"/></p></xsl:otherwise>
      </xsl:choose>
    </section>
  </xsl:template>
</xsl:stylesheet>
